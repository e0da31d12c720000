/**
 * The grades to take away: the whole cohort graded on one exercise now (every cluster brought up
 * to the present and checked), the latest grades as CSV, and the same grades in the shapes an LMS
 * (LTI Advantage scores) or a classroom autograder takes, to copy.
 */
import { useSignal } from '@preact/signals';
import { problemText } from '../problem-text.ts';
import type { AdminApi, Cohort, CohortGrades } from './admin-api.ts';
import { href } from './route.ts';
import { CopyButton, Problem, download, useLoaded } from './ui.tsx';

export function GradesPanel({ api, cohort }: { api: AdminApi; cohort: Cohort }) {
  const exercises = useLoaded(() => api.exercises(), [api]);
  const listing = useLoaded(() => api.learners(cohort.id), [api, cohort.id]);
  const exerciseId = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const graded = useSignal<CohortGrades | undefined>(undefined);
  const shape = useSignal<{ format: 'lti' | 'classroom'; text: string } | undefined>(undefined);
  const list = exercises.value.value ?? [];
  const chosen = exerciseId.value || list[0]?.exercise.id || '';
  const names = new Map((listing.value.value?.items ?? []).map((l) => [l.id, l.name]));
  const gradeAll = async () => {
    busy.value = true;
    error.value = undefined;
    try {
      graded.value = await api.gradeCohort(cohort.id, chosen);
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  const exportCsv = async () => {
    error.value = undefined;
    try {
      download(`${cohort.id}-grades.csv`, await api.gradesCsv(cohort.id));
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  const show = async (format: 'lti' | 'classroom') => {
    error.value = undefined;
    try {
      shape.value = { format, text: JSON.stringify(await api.gradesAs(cohort.id, format), null, 2) };
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  const summary = graded.value?.summary;
  return (
    <div class="grades">
      <section class="card" aria-labelledby="grade-all-title">
        <h2 id="grade-all-title">Grade the cohort</h2>
        <p class="muted">Every active learner's cluster is brought to the present and checked; each learner's grade is kept in their history and shows in the matrix.</p>
        <div class="inline-form">
          <label for="grade-all-exercise">Exercise</label>
          <select id="grade-all-exercise" value={chosen} onChange={(e) => (exerciseId.value = e.currentTarget.value)}>
            {list.map((e, i) => (
              <option key={e.exercise.id} value={e.exercise.id}>
                {i + 1}. {e.exercise.title}
              </option>
            ))}
          </select>
          <button type="button" class="primary" disabled={busy.value || !chosen} onClick={() => void gradeAll()}>
            {busy.value ? 'Grading every cluster…' : 'Grade everyone now'}
          </button>
        </div>
        {summary && graded.value && (
          <div aria-live="polite">
            <p class="grade-summary">
              <strong>{summary.learners} graded:</strong> <span class="result-ok">✓ {summary.passed} passed</span> · <span class="result-partial">◐ {summary.partial} partly</span> ·{' '}
              <span class="result-not">✗ {summary.failed} failed</span> · average {summary.averageScore} of {summary.maxScore}
            </p>
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">Learner</th>
                  <th scope="col">Score</th>
                  <th scope="col">Status</th>
                  <th scope="col">Checks not passed</th>
                </tr>
              </thead>
              <tbody>
                {graded.value.results.map((g) => (
                  <tr key={g.id} class={`s-${g.status}`}>
                    <td>
                      <a href={href({ page: 'learner', cohortId: cohort.id, learnerId: g.learnerId })}>{names.get(g.learnerId) ?? g.learnerId}</a>
                    </td>
                    <td>
                      {g.score}/{g.maxScore}
                    </td>
                    <td>{g.status === 'passed' ? '✓ passed' : g.status === 'partial' ? '◐ partly done' : '✗ failed'}</td>
                    <td class="muted">
                      {g.checks
                        .filter((c) => !c.passed)
                        .map((c) => `${c.title}${c.hidden ? ' (hidden)' : ''}`)
                        .join('; ') || '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="export-title">
        <h2 id="export-title">Take the grades away</h2>
        <p class="muted">The latest grade of each learner and exercise: a spreadsheet, your LMS (LTI Advantage scores, the learner's external id as userId) or a classroom autograder.</p>
        <div class="button-row">
          <button type="button" class="primary" onClick={() => void exportCsv()}>
            Export CSV
          </button>
          <button type="button" class="secondary" onClick={() => void show('lti')}>
            LTI scores (JSON)
          </button>
          <button type="button" class="secondary" onClick={() => void show('classroom')}>
            Classroom results (JSON)
          </button>
        </div>
        {shape.value && (
          <div class="json-shape">
            <div class="panel-head">
              <h3>{shape.value.format === 'lti' ? 'LTI Advantage scores' : 'Classroom autograder results'}</h3>
              <CopyButton text={shape.value.text} label="Copy JSON" />
            </div>
            <pre tabIndex={0} aria-label="The JSON">
              {shape.value.text}
            </pre>
          </div>
        )}
      </section>
      <Problem text={error.value ?? exercises.error.value} />
    </div>
  );
}
