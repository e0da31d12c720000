/** One cohort: its name and join code on top, then its tabs (progress, learners, faults, grades, settings). */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { problemText } from '../problem-text.ts';
import type { AdminApi, Cohort } from './admin-api.ts';
import { cohortState, seats } from './CohortList.tsx';
import { CohortSettings } from './CohortSettings.tsx';
import { EnrolPanel } from './EnrolPanel.tsx';
import { GradesPanel } from './GradesPanel.tsx';
import { ProgressMatrix } from './ProgressMatrix.tsx';
import { RoomFaults } from './RoomFaults.tsx';
import { COHORT_TABS, href, type CohortTab } from './route.ts';
import { CopyButton, Problem, useLoaded } from './ui.tsx';

const TAB_LABEL: Readonly<Record<CohortTab, string>> = {
  progress: 'Progress',
  learners: 'Learners',
  faults: 'Faults for the room',
  grades: 'Grades',
  settings: 'Settings',
};

export function CohortPage({ api, cohortId, tab }: { api: AdminApi; cohortId: string; tab: CohortTab }) {
  const cohort = useLoaded(() => api.cohort(cohortId), [api, cohortId]);
  const current = cohort.value.value;
  const changed = (next: Cohort) => (cohort.value.value = next);
  return (
    <div class="admin-page">
      <p class="crumbs">
        <a href="#/">Cohorts</a> /
      </p>
      <Problem text={cohort.error.value} />
      {current && (
        <>
          <header class="cohort-head">
            <div class="cohort-title">
              <h1>{current.name}</h1>
              <p class="cohort-facts">
                <span class={`state-pill ${cohortState(current).tone}`}>{cohortState(current).label}</span>
                <span>{seats(current)}</span>
                {current.description && <span class="muted">{current.description}</span>}
              </p>
            </div>
            <JoinCode api={api} cohort={current} onChange={changed} />
          </header>
          <nav class="tabs-nav" aria-label="Cohort">
            {COHORT_TABS.map((t) => (
              <a key={t} href={href({ page: 'cohort', cohortId, tab: t })} aria-current={t === tab ? 'page' : undefined}>
                {TAB_LABEL[t]}
              </a>
            ))}
          </nav>
          <section class="tab-body" aria-label={TAB_LABEL[tab]}>
            {tab === 'progress' && <ProgressMatrix api={api} cohort={current} />}
            {tab === 'learners' && <EnrolPanel api={api} cohort={current} onEnrolled={() => void cohort.reload()} />}
            {tab === 'faults' && <RoomFaults api={api} cohort={current} />}
            {tab === 'grades' && <GradesPanel api={api} cohort={current} />}
            {tab === 'settings' && <CohortSettings api={api} cohort={current} onChange={changed} />}
          </section>
        </>
      )}
    </div>
  );
}

/** The join code, large enough to read from the back of the room, with copy, rotate, disable and a full-screen view. */
function JoinCode({ api, cohort, onChange }: { api: AdminApi; cohort: Cohort; onChange: (cohort: Cohort) => void }) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const screen = useRef<HTMLDialogElement>(null);
  const act = async (change: () => Promise<Cohort>, question?: string) => {
    if (question && !window.confirm(question)) return;
    busy.value = true;
    error.value = undefined;
    try {
      onChange(await change());
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  const joinUrl = `${location.origin}${location.pathname.replace(/admin\/?$/, '')}`;
  if (cohort.archivedAt) return null;
  return (
    <section class="join-code-card" aria-labelledby="join-code-title">
      <h2 id="join-code-title">Join code</h2>
      {cohort.joinCode ? (
        <>
          <p class="join-code" aria-describedby="join-code-where">
            {cohort.joinCode}
          </p>
          <p class="join-where muted" id="join-code-where">
            Learners open <strong>{joinUrl}</strong> and type it with their name.
          </p>
          <div class="button-row">
            <button type="button" class="secondary" onClick={() => screen.current?.showModal()}>
              Show on screen
            </button>
            <CopyButton text={cohort.joinCode} label="Copy code" />
            <button type="button" class="quiet" disabled={busy.value} onClick={() => void act(() => api.rotateJoinCode(cohort.id), 'Give the cohort a new join code? The current one stops working at once; learners who joined stay.')}>
              New code
            </button>
            <button type="button" class="quiet" disabled={busy.value} onClick={() => void act(() => api.disableJoinCode(cohort.id), 'Turn joining with a code off? You can still enrol learners yourself.')}>
              Turn off
            </button>
          </div>
          <dialog ref={screen} class="projector" aria-label="Join code, full screen">
            <p class="projector-lead">Join the class at</p>
            <p class="projector-url">{joinUrl}</p>
            <p class="projector-code">{cohort.joinCode}</p>
            <button type="button" class="secondary" onClick={() => screen.current?.close()}>
              Close
            </button>
          </dialog>
        </>
      ) : (
        <>
          <p class="muted">Joining with a code is off: only learners you enrol get in.</p>
          <button type="button" class="secondary" disabled={busy.value} onClick={() => void act(() => api.rotateJoinCode(cohort.id))}>
            Turn joining on
          </button>
        </>
      )}
      <Problem text={error.value} />
    </section>
  );
}
