/** The cohorts, newest first, and a new one: a name and, if the room has a size, its capacity. */
import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { problemText } from '../problem-text.ts';
import type { AdminApi, Cohort } from './admin-api.ts';
import { go, href } from './route.ts';
import { Problem, dateTime, plural, useLoaded } from './ui.tsx';

export function CohortList({ api }: { api: AdminApi }) {
  const archived = useSignal(false);
  const cohorts = useLoaded(() => api.cohorts(archived.value), [api, archived.value]);
  const list = cohorts.value.value;
  return (
    <div class="admin-page narrow">
      <div class="page-head">
        <h1>Cohorts</h1>
        <label class="toggle">
          <input type="checkbox" checked={archived.value} onChange={(e) => (archived.value = e.currentTarget.checked)} /> Show archived
        </label>
      </div>
      <NewCohort api={api} />
      <Problem text={cohorts.error.value} />
      {list && list.length === 0 && <p class="muted">No cohorts yet: create the first one above, then give the room its join code.</p>}
      {list && list.length > 0 && (
        <ul class="cohort-list" aria-label="Cohorts">
          {list.map((cohort) => (
            <li key={cohort.id}>
              <a class="cohort-card" href={href({ page: 'cohort', cohortId: cohort.id, tab: 'progress' })}>
                <span class="cohort-name">{cohort.name}</span>
                <span class={`state-pill ${cohortState(cohort).tone}`}>{cohortState(cohort).label}</span>
                <span class="cohort-seats">{seats(cohort)}</span>
                <span class="cohort-code">{cohort.joinCode ? <code>{cohort.joinCode}</code> : <span class="muted">joining off</span>}</span>
                <span class="cohort-created muted">created {dateTime(cohort.createdAt)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "12 of 40 seats" or "12 learners". */
export function seats(cohort: Cohort): string {
  const taken = cohort.learnerCount ?? 0;
  return cohort.capacity ? `${taken} of ${plural(cohort.capacity, 'seat')}` : plural(taken, 'learner');
}

/** Whether learners can work in the cohort now, in a word, with the tone of its pill. */
export function cohortState(cohort: Cohort, now = Date.now()): { label: string; tone: 'ok' | 'wait' | 'off' } {
  if (cohort.archivedAt) return { label: 'Archived', tone: 'off' };
  if (cohort.startsAt && Date.parse(cohort.startsAt) > now) return { label: 'Not open yet', tone: 'wait' };
  if (cohort.endsAt && Date.parse(cohort.endsAt) < now) return { label: 'Closed', tone: 'off' };
  return { label: 'Open', tone: 'ok' };
}

function NewCohort({ api }: { api: AdminApi }) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const capacity = Number(form.get('capacity') || 0);
    busy.value = true;
    error.value = undefined;
    try {
      const cohort = await api.createCohort({ name: String(form.get('name') ?? '').trim(), ...(capacity ? { capacity } : {}) });
      go({ page: 'cohort', cohortId: cohort.id, tab: 'learners' });
    } catch (caught) {
      error.value = problemText(caught);
      busy.value = false;
    }
  };
  return (
    <form class="card new-cohort" onSubmit={submit} aria-labelledby="new-cohort-title">
      <h2 id="new-cohort-title">New cohort</h2>
      <div class="field grow">
        <label for="cohort-name">Name</label>
        <input id="cohort-name" name="name" required maxLength={100} placeholder="Day 4: Kubernetes" />
      </div>
      <div class="field">
        <label for="cohort-capacity">Seats</label>
        <input id="cohort-capacity" name="capacity" type="number" min={1} max={10000} placeholder="no limit" aria-describedby="cohort-capacity-hint" />
        <span class="hint" id="cohort-capacity-hint">
          Learners it takes
        </span>
      </div>
      <button type="submit" class="primary" disabled={busy.value}>
        {busy.value ? 'Creating…' : 'Create cohort'}
      </button>
      <Problem text={error.value} />
    </form>
  );
}
