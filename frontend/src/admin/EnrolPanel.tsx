/**
 * Enrolling a cohort's learners: one by one, or a pasted list (CSV of names and external ids);
 * the new tokens shown once, to copy or download as CSV; the roster, with a new token for a
 * learner who lost theirs and revocation.
 */
import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { problemText } from '../problem-text.ts';
import type { AdminApi, Cohort, CohortLearner, EnrolledLearner } from './admin-api.ts';
import { parseRoster, toCsv, type RosterLine } from './csv.ts';
import { href } from './route.ts';
import { CopyButton, Problem, dateTime, download, plural, useLoaded } from './ui.tsx';

/** Enrolments sent at once: each makes a cluster, so a long list is not sent all together. */
const PARALLEL = 4;

/** A line of the pasted list once sent: enrolled (with the token) or refused (with why). */
type Outcome = { readonly name: string; readonly externalId?: string | undefined } & ({ readonly learner: EnrolledLearner } | { readonly problem: string });

export function EnrolPanel({ api, cohort, onEnrolled }: { api: AdminApi; cohort: Cohort; onEnrolled: () => void }) {
  const roster = useLoaded(() => api.learners(cohort.id), [api, cohort.id]);
  const issued = useSignal<readonly Outcome[]>([]);
  const took = (outcomes: readonly Outcome[]) => {
    issued.value = [...outcomes, ...issued.value];
    void roster.reload();
    onEnrolled();
  };
  return (
    <div class="enrol">
      <div class="enrol-forms">
        <EnrolOne api={api} cohort={cohort} onDone={took} />
        <EnrolList api={api} cohort={cohort} onDone={took} />
      </div>
      {issued.value.length > 0 && <NewTokens cohort={cohort} outcomes={issued.value} />}
      <Problem text={roster.error.value} />
      {roster.value.value && <Roster api={api} cohort={cohort} learners={roster.value.value.items} onChange={(outcome) => (outcome ? took([outcome]) : void roster.reload())} />}
    </div>
  );
}

function EnrolOne({ api, cohort, onDone }: { api: AdminApi; cohort: Cohort; onDone: (outcomes: readonly Outcome[]) => void }) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get('name') ?? '').trim();
    const externalId = String(form.get('externalId') ?? '').trim() || undefined;
    busy.value = true;
    error.value = undefined;
    try {
      const learner = await api.enrol(cohort.id, name, externalId);
      formElement.reset();
      onDone([{ name, externalId, learner }]);
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="enrol-one-title">
      <h2 id="enrol-one-title">Enrol a learner</h2>
      <div class="field">
        <label for="enrol-name">Name</label>
        <input id="enrol-name" name="name" required maxLength={100} autoComplete="off" />
      </div>
      <div class="field">
        <label for="enrol-external">External id (optional)</label>
        <input id="enrol-external" name="externalId" maxLength={255} autoComplete="off" aria-describedby="enrol-external-hint" />
        <span class="hint" id="enrol-external-hint">
          Their id in your LMS: grades exported for it carry this id.
        </span>
      </div>
      <button type="submit" class="primary" disabled={busy.value || Boolean(cohort.archivedAt)}>
        {busy.value ? 'Enrolling…' : 'Enrol'}
      </button>
      <Problem text={error.value} />
    </form>
  );
}

function EnrolList({ api, cohort, onDone }: { api: AdminApi; cohort: Cohort; onDone: (outcomes: readonly Outcome[]) => void }) {
  const text = useSignal('');
  const busy = useSignal<string | undefined>(undefined);
  const lines: RosterLine[] = text.value.trim() ? parseRoster(text.value) : [];
  const good = lines.filter((l): l is Extract<RosterLine, { name: string }> => 'name' in l);
  const bad = lines.filter((l): l is Extract<RosterLine, { problem: string }> => 'problem' in l);
  const send = async () => {
    const outcomes: Outcome[] = new Array(good.length);
    let next = 0;
    let done = 0;
    busy.value = `Enrolling 0 of ${good.length}…`;
    const worker = async () => {
      for (let i = next++; i < good.length; i = next++) {
        const { name, externalId } = good[i]!;
        try {
          outcomes[i] = { name, externalId, learner: await api.enrol(cohort.id, name, externalId) };
        } catch (caught) {
          outcomes[i] = { name, externalId, problem: problemText(caught) };
        }
        busy.value = `Enrolling ${++done} of ${good.length}…`;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, good.length) }, worker));
    busy.value = undefined;
    if (outcomes.every((o) => 'learner' in o)) text.value = '';
    onDone(outcomes);
  };
  return (
    <section class="card" aria-labelledby="enrol-list-title">
      <h2 id="enrol-list-title">Enrol a list</h2>
      <div class="field">
        <label for="enrol-csv">Names, one a line: <code>name</code> or <code>name,external id</code></label>
        <textarea
          id="enrol-csv"
          rows={6}
          spellcheck={false}
          value={text.value}
          onInput={(e) => (text.value = e.currentTarget.value)}
          placeholder={'Ada Lovelace,ada@school.example\nGrace Hopper,grace@school.example\n"Turing, Alan",alan@school.example'}
          aria-describedby="enrol-csv-hint"
        />
        <span class="hint" id="enrol-csv-hint">
          Paste a column from a spreadsheet or a CSV export; a header line (name, external_id) is skipped.
        </span>
      </div>
      {lines.length > 0 && (
        <p class="muted" role="status">
          {plural(good.length, 'learner')} to enrol{bad.length > 0 ? `; ${plural(bad.length, 'line')} to fix first` : ''}.
        </p>
      )}
      {bad.length > 0 && (
        <ul class="line-problems" aria-label="Lines to fix">
          {bad.map((l) => (
            <li key={l.line}>
              Line {l.line}: {l.problem}
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="primary" disabled={good.length === 0 || bad.length > 0 || Boolean(busy.value) || Boolean(cohort.archivedAt)} onClick={() => void send()}>
        {busy.value ?? (good.length ? `Enrol ${plural(good.length, 'learner')}` : 'Enrol the list')}
      </button>
    </section>
  );
}

/** The tokens just issued: shown once, to hand out or download. */
function NewTokens({ cohort, outcomes }: { cohort: Cohort; outcomes: readonly Outcome[] }) {
  const enrolled = outcomes.filter((o): o is Outcome & { learner: EnrolledLearner } => 'learner' in o);
  const failed = outcomes.filter((o): o is Outcome & { problem: string } => 'problem' in o);
  const csv = () => toCsv([['name', 'external_id', 'learner_id', 'token'], ...enrolled.map((o) => [o.name, o.externalId ?? '', o.learner.id, o.learner.token])]);
  return (
    <section class="card new-tokens" aria-labelledby="new-tokens-title">
      <div class="panel-head">
        <h2 id="new-tokens-title">New learners' tokens</h2>
        {enrolled.length > 0 && (
          <button type="button" class="secondary" onClick={() => download(`${slug(cohort.name)}-tokens.csv`, csv())}>
            Download as CSV
          </button>
        )}
      </div>
      <p class="warning-note">Shown only now: hand each learner their token (or download the list) before you leave this page. A lost one is replaced from the roster below.</p>
      {failed.length > 0 && (
        <ul class="line-problems" aria-label="Not enrolled">
          {failed.map((o, i) => (
            <li key={i}>
              {o.name}: not enrolled. {o.problem}
            </li>
          ))}
        </ul>
      )}
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">External id</th>
            <th scope="col">Token</th>
            <th scope="col">
              <span class="visually-hidden">Copy</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {enrolled.map((o) => (
            <tr key={o.learner.id}>
              <td>{o.name}</td>
              <td>{o.externalId ?? ''}</td>
              <td>
                <code class="token-cell">{o.learner.token}</code>
              </td>
              <td>
                <CopyButton text={o.learner.token} ariaLabel={`Copy ${o.name}'s token`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Roster({ api, cohort, learners, onChange }: { api: AdminApi; cohort: Cohort; learners: readonly CohortLearner[]; onChange: (outcome?: Outcome) => void }) {
  const error = useSignal<string | undefined>(undefined);
  const revoke = async (learner: CohortLearner) => {
    if (!window.confirm(`Revoke ${learner.name}? Their token stops working at once and their seat is freed; their cluster and grades stay.`)) return;
    try {
      await api.revoke(cohort.id, learner.id);
      onChange();
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  const reissue = async (learner: CohortLearner) => {
    if (!window.confirm(`Give ${learner.name} a new token? Their old one stops working.`)) return;
    try {
      onChange({ name: learner.name, externalId: learner.externalId, learner: await api.newToken(cohort.id, learner.id) });
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  return (
    <section class="card" aria-labelledby="roster-title">
      <div class="panel-head">
        <h2 id="roster-title">Roster</h2>
        <span class="panel-meta">{plural(learners.filter((l) => !l.revokedAt).length, 'learner')}</span>
      </div>
      <Problem text={error.value} />
      {learners.length === 0 ? (
        <p class="muted">Nobody yet: enrol learners above, or show the join code to the room.</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">External id</th>
              <th scope="col">Came in</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {learners.map((learner) => (
              <tr key={learner.id} class={learner.revokedAt ? 'revoked' : ''}>
                <td>
                  <a href={href({ page: 'learner', cohortId: cohort.id, learnerId: learner.id })}>{learner.name}</a>
                  {learner.revokedAt && <span class="state-pill off">Revoked</span>}
                </td>
                <td>{learner.externalId ?? ''}</td>
                <td class="muted">
                  {learner.enrolledBy === 'join-code' ? 'joined with the code' : 'enrolled'} {dateTime(learner.createdAt)}
                </td>
                <td class="row-actions">
                  {!learner.revokedAt && (
                    <>
                      <button type="button" class="quiet" onClick={() => void reissue(learner)} aria-label={`New token for ${learner.name}`}>
                        New token
                      </button>
                      <button type="button" class="quiet" onClick={() => void revoke(learner)} aria-label={`Revoke ${learner.name}`}>
                        Revoke
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'cohort';
}
