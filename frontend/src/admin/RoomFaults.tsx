/**
 * Faults for the room: one fault in every active learner's cluster of the cohort at once (fail a
 * worker and let the class watch the controller manager move their pods), after a confirmation
 * that says how many clusters it touches; then what it did in each learner's cluster.
 */
import { useSignal } from '@preact/signals';
import { problemText } from '../problem-text.ts';
import type { AdminApi, Cohort, FaultOutcome } from './admin-api.ts';
import { DEFAULT_FAULT, FaultPicker, faultEffect, faultOf, faultReady, faultWords, type FaultChoice } from './FaultPicker.tsx';
import { href } from './route.ts';
import { Problem, plural, useLoaded } from './ui.tsx';

const WORKERS = ['worker-1', 'worker-2'];

export function RoomFaults({ api, cohort }: { api: AdminApi; cohort: Cohort }) {
  const listing = useLoaded(() => api.learners(cohort.id), [api, cohort.id]);
  const choice = useSignal<FaultChoice>(DEFAULT_FAULT);
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const results = useSignal<{ words: string; outcomes: readonly FaultOutcome[] } | undefined>(undefined);
  const active = listing.value.value?.items.filter((l) => !l.revokedAt) ?? [];
  const names = new Map(active.map((l) => [l.id, l.name]));
  const inject = async () => {
    busy.value = true;
    error.value = undefined;
    const words = faultWords(choice.value);
    try {
      results.value = { words, outcomes: await api.injectRoomFault(cohort.id, faultOf(choice.value)) };
      confirming.value = false;
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  const outcomes = results.value?.outcomes ?? [];
  const done = outcomes.filter((o) => o.ok).length;
  return (
    <div class="room-faults">
      <section class="card" aria-labelledby="room-fault-title">
        <h2 id="room-fault-title">A fault in every cluster</h2>
        <p class="muted">Teach failure live: the same fault in each active learner's cluster, and their own picture shows the cluster's components react.</p>
        <FaultPicker choice={choice} nodes={WORKERS} single={false} idPrefix="room-fault" />
        {!confirming.value ? (
          <button type="button" class="primary" disabled={!faultReady(choice.value) || active.length === 0} onClick={() => (confirming.value = true)}>
            {capitalised(faultWords(choice.value))} in every cluster…
          </button>
        ) : (
          <div class="confirm" role="group" aria-labelledby="room-fault-confirm">
            <p id="room-fault-confirm">
              <strong>
                {capitalised(faultWords(choice.value))} in {plural(active.length, 'cluster')}
              </strong>{' '}
              (every active learner of {cohort.name})?
            </p>
            <p class="muted">{faultEffect(choice.value)}</p>
            <div class="button-row">
              <button type="button" class="danger" disabled={busy.value} onClick={() => void inject()}>
                {busy.value ? 'Injecting…' : `Yes, ${faultWords(choice.value)} in ${plural(active.length, 'cluster')}`}
              </button>
              <button type="button" class="quiet" disabled={busy.value} onClick={() => (confirming.value = false)}>
                Cancel
              </button>
            </div>
          </div>
        )}
        <Problem text={error.value ?? listing.error.value} />
      </section>
      {results.value && (
        <section class="card" aria-labelledby="room-results-title" aria-live="polite">
          <div class="panel-head">
            <h2 id="room-results-title">{capitalised(results.value.words)}: what happened</h2>
            <span class="panel-meta">
              {done} of {plural(outcomes.length, 'cluster')} done
            </span>
          </div>
          <table class="data-table fault-results">
            <thead>
              <tr>
                <th scope="col">Learner</th>
                <th scope="col">Result</th>
                <th scope="col">What the cluster said</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o) => (
                <tr key={o.learnerId} class={o.ok ? 'ok' : 'not-ok'}>
                  <td>
                    <a href={href({ page: 'learner', cohortId: cohort.id, learnerId: o.learnerId })}>{names.get(o.learnerId) ?? o.learnerId}</a>
                  </td>
                  <td>{o.ok ? <span class="result-ok">✓ done</span> : <span class="result-not">✗ not done</span>}</td>
                  <td>{o.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
