/**
 * One learner, to see why they are stuck and help: their cluster live as they see it, their
 * latest terminal lines, and what the instructor can do to it: grade it now (every check, hidden
 * ones too), reset it (to an exercise's starting state), break it on purpose, move its clock.
 */
import { useSignal } from '@preact/signals';
import { problemText } from '../problem-text.ts';
import type { AdminApi, CommandRecord, ExerciseEntry, Grade } from './admin-api.ts';
import { DEFAULT_FAULT, FaultPicker, faultEffect, faultOf, faultReady, faultWords, type FaultChoice } from './FaultPicker.tsx';
import { LearnerPicture } from './LearnerPicture.tsx';
import { href } from './route.ts';
import { Problem, ago, clockTime, dateTime, useLoaded } from './ui.tsx';

/** How often the learner's terminal lines are asked for again. */
const COMMANDS_REFRESH_MS = 5000;

export function LearnerPage({ api, cohortId, learnerId }: { api: AdminApi; cohortId: string; learnerId: string }) {
  const cohort = useLoaded(() => api.cohort(cohortId), [api, cohortId]);
  const found = useLoaded(() => api.learner(cohortId, learnerId), [api, cohortId, learnerId]);
  const exercises = useLoaded(() => api.exercises(), [api]);
  const learner = found.value.value;
  const graded = useSignal(0);
  return (
    <div class="admin-page">
      <p class="crumbs">
        <a href="#/">Cohorts</a> / <a href={href({ page: 'cohort', cohortId, tab: 'progress' })}>{cohort.value.value?.name ?? 'Cohort'}</a> /
      </p>
      <Problem text={found.error.value ?? cohort.error.value} />
      {learner && (
        <>
          <header class="learner-head">
            <h1>{learner.name}</h1>
            <p class="cohort-facts">
              {learner.revokedAt && <span class="state-pill off">Revoked</span>}
              {learner.externalId && <span>External id {learner.externalId}</span>}
              <span class="muted">
                {learner.enrolledBy === 'join-code' ? 'Joined with the code' : 'Enrolled'} {dateTime(learner.createdAt)}
              </span>
            </p>
          </header>
          <div class="learner-layout">
            <LearnerPicture api={api} cohortId={cohortId} learnerId={learnerId} name={learner.name} />
            <div class="learner-side">
              <Commands api={api} cohortId={cohortId} learnerId={learnerId} />
              <GradeNow api={api} cohortId={cohortId} learnerId={learnerId} exercises={exercises.value.value ?? []} onGraded={() => (graded.value += 1)} />
              <ClusterActions api={api} cohortId={cohortId} learnerId={learnerId} exercises={exercises.value.value ?? []} />
              <History api={api} cohortId={cohortId} learnerId={learnerId} version={graded.value} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}

/** The learner's latest web-terminal lines, newest first. */
function Commands({ api, cohortId, learnerId }: { api: AdminApi; cohortId: string; learnerId: string }) {
  const commands = useLoaded(() => api.commands(cohortId, learnerId), [api, cohortId, learnerId], COMMANDS_REFRESH_MS);
  const list = commands.value.value;
  return (
    <section class="card" aria-labelledby="commands-title">
      <h2 id="commands-title">Recent commands</h2>
      <Problem text={commands.error.value} />
      {list && list.length === 0 && <p class="muted">No command from the web terminal yet (a kubectl of their own is not recorded).</p>}
      {list && list.length > 0 && (
        <ol class="command-list">
          {list.map((c, i) => (
            <li key={`${c.at}-${i}`} class={outcomeClass(c)}>
              <time dateTime={c.at}>{clockTime(c.at)}</time>
              <code>$ {c.line}</code>
              <span class="command-outcome">{outcomeWords(c)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function outcomeClass(c: CommandRecord): string {
  if (c.refused || c.stopped) return 'refused';
  return c.exitCode === 0 ? 'ok' : 'failed';
}

function outcomeWords(c: CommandRecord): string {
  if (c.refused) return `refused: ${c.refused}`;
  if (c.stopped) return `stopped (${c.stopped})`;
  return c.exitCode === 0 ? 'ok' : `exit ${c.exitCode}`;
}

/** Grades the learner now on one exercise and shows every check, hidden ones too. */
function GradeNow({ api, cohortId, learnerId, exercises, onGraded }: { api: AdminApi; cohortId: string; learnerId: string; exercises: readonly ExerciseEntry[]; onGraded: () => void }) {
  const exerciseId = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const grade = useSignal<Grade | undefined>(undefined);
  const chosen = exerciseId.value || exercises[0]?.exercise.id || '';
  const run = async () => {
    busy.value = true;
    error.value = undefined;
    try {
      grade.value = await api.grade(cohortId, learnerId, chosen);
      onGraded();
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  return (
    <section class="card" aria-labelledby="grade-now-title">
      <h2 id="grade-now-title">Grade now</h2>
      <div class="inline-form">
        <label class="visually-hidden" for="grade-exercise">
          Exercise to grade
        </label>
        <ExerciseSelect id="grade-exercise" exercises={exercises} value={chosen} onChange={(v) => (exerciseId.value = v)} />
        <button type="button" class="primary" disabled={busy.value || !chosen} onClick={() => void run()}>
          {busy.value ? 'Grading…' : 'Grade'}
        </button>
      </div>
      <Problem text={error.value} />
      {grade.value && <GradeResults grade={grade.value} />}
    </section>
  );
}

/** A grade's checks, each passed or not, with its points and message; hidden ones marked. */
export function GradeResults({ grade }: { grade: Grade }) {
  return (
    <div class="grade-results" aria-live="polite">
      <p class={`grade-total s-${grade.status}`}>
        <strong>
          {grade.exerciseTitle}: {grade.score} of {grade.maxScore}
        </strong>{' '}
        ({grade.status === 'passed' ? 'every check passes' : grade.status === 'partial' ? 'partly done' : 'no check passes yet'})
      </p>
      <ul class="check-list">
        {grade.checks.map((check) => (
          <li key={check.id} class={check.passed ? 'pass' : 'fail'}>
            <span class="check-mark" aria-hidden="true">
              {check.passed ? '✓' : '✗'}
            </span>
            <span class="check-title">
              <span class="visually-hidden">{check.passed ? 'Passed: ' : 'Not passed: '}</span>
              {check.title}
              {check.hidden && <span class="hidden-badge">hidden</span>}
            </span>
            <span class="check-points">
              {check.points}/{check.maxPoints}
            </span>
            <span class="check-message">{check.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ExerciseSelect({ id, exercises, value, onChange, plain }: { id: string; exercises: readonly ExerciseEntry[]; value: string; onChange: (value: string) => void; plain?: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {plain !== undefined && <option value="">{plain}</option>}
      {exercises.map((e, i) => (
        <option key={e.exercise.id} value={e.exercise.id}>
          {i + 1}. {e.exercise.title}
        </option>
      ))}
    </select>
  );
}

/** Reset, a fault, the clock: each said in words first, each answered in words. */
function ClusterActions({ api, cohortId, learnerId, exercises }: { api: AdminApi; cohortId: string; learnerId: string; exercises: readonly ExerciseEntry[] }) {
  const resetTo = useSignal('');
  const fault = useSignal<FaultChoice>(DEFAULT_FAULT);
  const said = useSignal<string | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const busy = useSignal(false);
  const act = async (question: string, action: () => Promise<string>) => {
    if (!window.confirm(question)) return;
    busy.value = true;
    error.value = undefined;
    said.value = undefined;
    try {
      said.value = await action();
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  const title = exercises.find((e) => e.exercise.id === resetTo.value)?.exercise.title;
  return (
    <section class="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Help or break</h2>
      <div class="field">
        <label for="reset-to">Reset the cluster to</label>
        <div class="inline-form">
          <ExerciseSelect id="reset-to" exercises={exercises} value={resetTo.value} onChange={(v) => (resetTo.value = v)} plain="the lab's plain cluster" />
          <button
            type="button"
            class="secondary"
            disabled={busy.value}
            onClick={() =>
              void act(`Reset this learner's cluster to ${title ? `the starting state of “${title}”` : "the lab's plain cluster"}? Everything in it now is replaced.`, async () => {
                await api.reset(cohortId, learnerId, resetTo.value || undefined);
                return `Reset to ${title ? `the starting state of “${title}”` : "the lab's plain cluster"}.`;
              })
            }
          >
            Reset
          </button>
        </div>
      </div>
      <FaultPicker choice={fault} nodes={['worker-1', 'worker-2']} single idPrefix="learner-fault" />
      <div class="button-row">
        <button
          type="button"
          class="secondary"
          disabled={busy.value || !faultReady(fault.value)}
          onClick={() => void act(`${faultWords(fault.value)} in this learner's cluster? ${faultEffect(fault.value)}`, async () => (await api.injectFault(cohortId, learnerId, faultOf(fault.value))).message)}
        >
          Inject the fault
        </button>
        <button type="button" class="quiet" disabled={busy.value} onClick={() => void act("Move this learner's cluster 5 minutes ahead? What is due meanwhile happens (a failed node's pods are evicted).", async () => (await api.fastForward(cohortId, learnerId, 300), 'Moved 5 minutes ahead.'))}>
          Fast-forward 5 min
        </button>
      </div>
      <p role="status" class="action-said">
        {said.value}
      </p>
      <Problem text={error.value} />
    </section>
  );
}

/** The learner's grades, newest first: theirs, a grader's and the instructor's. */
function History({ api, cohortId, learnerId, version }: { api: AdminApi; cohortId: string; learnerId: string; version: number }) {
  const history = useLoaded(() => api.history(cohortId, learnerId), [api, cohortId, learnerId, version]);
  const grades = history.value.value;
  const now = Date.now();
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">Grade history</h2>
      <Problem text={history.error.value} />
      {grades && grades.length === 0 && <p class="muted">Not graded yet.</p>}
      {grades && grades.length > 0 && (
        <ol class="history-list">
          {grades.map((g) => (
            <li key={g.id} class={`s-${g.status}`}>
              <span class="history-score">
                {g.score}/{g.maxScore}
              </span>
              <span>{g.exerciseTitle}</span>
              <span class="muted">
                {SOURCE[g.source] ?? g.source}, {ago(Date.parse(g.gradedAt), now)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const SOURCE: Readonly<Record<string, string>> = { learner: 'their check', grader: 'a grader', admin: 'you' };
