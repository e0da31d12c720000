/**
 * The course's exercises: the built-in pack and the instructors' own, each previewed as a learner
 * sees it (hidden checks counted, answers never shown) beside what only the instructor sees; and a
 * new one uploaded as YAML, checked first without being stored (dryRun), its problems shown under
 * the lines they are about.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { Hints } from '../exercises/Hints.tsx';
import { Instructions } from '../exercises/Instructions.tsx';
import { problemText } from '../problem-text.ts';
import type { AdminApi, DryRun, ExerciseCheckDoc, ExerciseEntry } from './admin-api.ts';
import { go, href } from './route.ts';
import { Problem, plural, useLoaded } from './ui.tsx';
import { placeProblems, syntaxProblems, type PlacedProblem } from './yaml-place.ts';
import '../exercises/exercises.css';

export function ExercisesPage({ api, exerciseId }: { api: AdminApi; exerciseId: string | undefined }) {
  const exercises = useLoaded(() => api.exercises(), [api]);
  const list = exercises.value.value ?? [];
  const open = list.find((e) => e.exercise.id === exerciseId);
  return (
    <div class="admin-page">
      <div class="page-head">
        <h1>Exercises</h1>
      </div>
      <Problem text={exercises.error.value} />
      <div class="exercises-layout">
        <nav class="card exercise-index" aria-label="Exercises">
          <ol>
            {list.map((entry, i) => (
              <li key={entry.exercise.id}>
                <a href={href({ page: 'exercises', exerciseId: entry.exercise.id })} aria-current={entry.exercise.id === exerciseId ? 'page' : undefined}>
                  <span>
                    {i + 1}. {entry.exercise.title}
                  </span>
                  <span class={`source-badge ${entry.source}`}>{entry.source === 'built-in' ? 'built in' : 'yours'}</span>
                </a>
              </li>
            ))}
          </ol>
          <a class="button-link" href={href({ page: 'exercises' })} aria-current={exerciseId ? undefined : 'page'}>
            + Upload an exercise
          </a>
        </nav>
        <div class="exercise-main">
          {open ? (
            <Preview
              api={api}
              entry={open}
              number={list.indexOf(open) + 1}
              onDeleted={() => {
                void exercises.reload();
                go({ page: 'exercises' });
              }}
            />
          ) : (
            <Upload api={api} existing={list} onStored={(id) => void exercises.reload().then(() => go({ page: 'exercises', exerciseId: id }))} />
          )}
        </div>
      </div>
    </div>
  );
}

/** An exercise as a learner sees it, and its checks as the instructor does. */
function Preview({ api, entry, number, onDeleted }: { api: AdminApi; entry: ExerciseEntry; number: number; onDeleted: () => void }) {
  const { exercise } = entry;
  const error = useSignal<string | undefined>(undefined);
  const visible = exercise.checks.filter((c) => !c.hidden);
  const remove = async () => {
    if (!window.confirm(`Delete “${exercise.title}”? Grades already given stay.`)) return;
    try {
      await api.deleteExercise(exercise.id);
      onDeleted();
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  return (
    <div class="exercise-preview">
      <div class="card">
        <div class="panel-head">
          <h2>
            {number}. {exercise.title}
          </h2>
          <span class={`source-badge ${entry.source}`}>{entry.source === 'built-in' ? 'built in' : 'yours'}</span>
          {entry.source === 'custom' && (
            <button type="button" class="quiet" onClick={() => void remove()}>
              Delete
            </button>
          )}
        </div>
        <p class="muted">
          id <code>{exercise.id}</code> · {plural(exercise.checks.length, 'check')}, {exercise.checks.reduce((sum, c) => sum + c.points, 0)} points
          {exercise.checks.length > visible.length ? ` (${exercise.checks.length - visible.length} hidden)` : ''}
        </p>
        <Problem text={error.value} />
      </div>
      <LearnerPreview title={exercise.title} instructions={exercise.instructions} hints={exercise.hints} checks={visible} hiddenChecks={exercise.checks.length - visible.length} />
      <section class="card" aria-labelledby="all-checks-title">
        <h2 id="all-checks-title">Every check, as graded</h2>
        <ul class="check-list">
          {exercise.checks.map((check) => (
            <li key={check.id}>
              <span class="check-title">
                {check.title}
                {check.hidden && <span class="hidden-badge">hidden</span>}
              </span>
              <span class="check-points">{plural(check.points, 'point')}</span>
              <span class="check-message">
                <code>{check.type}</code>
                {check.correct && check.options && ` · answer: ${check.correct.map((id) => check.options?.find((o) => o.id === id)?.text ?? id).join(', ')}`}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** What the learner's Exercises tab shows for it: instructions, hints, visible checks, the hidden ones counted. */
function LearnerPreview({ title, instructions, hints, checks, hiddenChecks }: { title: string; instructions: string; hints: readonly string[]; checks: readonly ExerciseCheckDoc[]; hiddenChecks: number }) {
  return (
    <section class="card learner-preview" aria-labelledby="learner-preview-title">
      <h2 id="learner-preview-title">As a learner sees it</h2>
      <div class="exercise-body preview-body">
        <Instructions markdown={instructions} title={title} />
        {hints.length > 0 && <Hints hints={hints} />}
        <h3 class="preview-checks-title">What is checked</h3>
        <ul class="preview-checks">
          {checks.map((check) => (
            <li key={check.id}>
              {check.title} <span class="muted">({plural(check.points, 'point')})</span>
              {check.question && <p class="muted">Question: {check.question}</p>}
            </li>
          ))}
        </ul>
        {hiddenChecks > 0 && <p class="muted">{plural(hiddenChecks, 'check')} hidden, graded by you.</p>}
      </div>
    </section>
  );
}

const EXAMPLE = `id: scale-to-three
title: Scale the app to three
order: 45
instructions: |
  Scale the **workshop-app** Deployment to three replicas with \`kubectl scale\`.
checks:
  - id: three-ready
    title: Three replicas are ready
    type: deploymentAvailable
    points: 2
    workload: { name: workshop-app }
    replicas: 3
hints:
  - kubectl scale deployment/workshop-app --replicas=3
`;

/** A new exercise: YAML typed or read from a file, checked, then stored. */
function Upload({ api, existing, onStored }: { api: AdminApi; existing: readonly ExerciseEntry[]; onStored: (id: string) => void }) {
  const text = useSignal(EXAMPLE);
  const problems = useSignal<readonly PlacedProblem[]>([]);
  const checked = useSignal<DryRun | undefined>(undefined);
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const edit = (value: string) => {
    text.value = value;
    checked.value = undefined;
    problems.value = [];
  };
  const check = async () => {
    busy.value = true;
    error.value = undefined;
    checked.value = undefined;
    problems.value = [];
    try {
      checked.value = await api.dryRunExercise(text.value);
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) problems.value = placeProblems(text.value, caught.errors);
      else if (caught instanceof ApiError && caught.type === 'malformed-yaml') problems.value = syntaxProblems(text.value).length ? syntaxProblems(text.value) : [{ detail: caught.detail }];
      else error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  const store = async () => {
    const id = checked.value?.id;
    if (!id) return;
    const replacing = existing.some((e) => e.exercise.id === id && e.source === 'custom');
    if (replacing && !window.confirm(`Replace your exercise “${id}” with this one?`)) return;
    busy.value = true;
    error.value = undefined;
    try {
      await api.uploadExercise(text.value, replacing ? id : undefined);
      onStored(id);
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  // The problems are below the document: brought into view, their heading focused, as soon as they are shown.
  const problemsHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (problems.value.length === 0) return;
    problemsHeading.current?.scrollIntoView({ block: 'start' });
    problemsHeading.current?.focus({ preventScroll: true });
  }, [problems.value]);
  const readFile = async (file: File | undefined) => {
    if (file) edit(await file.text());
  };
  const lines = text.value.split('\n');
  const byLine = new Map<number, PlacedProblem[]>();
  for (const problem of problems.value) if (problem.line) byLine.set(problem.line, [...(byLine.get(problem.line) ?? []), problem]);
  const unplaced = problems.value.filter((p) => !p.line);
  return (
    <div class="upload">
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Upload an exercise</h2>
        <p class="muted">
          An exercise document in YAML (docs/COURSE.md describes it). <strong>Check</strong> validates it and plays its starting state and solution on a scratch cluster; nothing is stored until you add it.
        </p>
        <div class="field">
          <label for="exercise-yaml">Exercise YAML</label>
          <textarea id="exercise-yaml" class="yaml-input" rows={16} spellcheck={false} value={text.value} onInput={(e) => edit(e.currentTarget.value)} />
        </div>
        <div class="button-row">
          <label class="file-pick">
            Read a file…
            <input type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={(e) => void readFile(e.currentTarget.files?.[0])} />
          </label>
          <button type="button" class="primary" disabled={busy.value || !text.value.trim()} onClick={() => void check()}>
            {busy.value && !checked.value ? 'Checking…' : 'Check'}
          </button>
          {checked.value && (
            <button type="button" class="primary" disabled={busy.value} onClick={() => void store()}>
              {existing.some((e) => e.exercise.id === checked.value?.id) ? `Replace “${checked.value.id}”` : `Add “${checked.value.id}” to the course`}
            </button>
          )}
        </div>
        <Problem text={error.value} />
      </section>
      {problems.value.length > 0 && (
        <section class="card yaml-problems" aria-labelledby="yaml-problems-title">
          <h2 id="yaml-problems-title" ref={problemsHeading} tabIndex={-1}>
            {plural(problems.value.length, 'problem')} to fix: each is under its line
          </h2>
          {unplaced.map((p, i) => (
            <p key={i} class="panel-error">
              {p.pointer ? <code>{p.pointer}</code> : null} {p.detail}
            </p>
          ))}
          <ol class="yaml-listing" aria-label="The document, with each problem under its line">
            {lines.map((line, i) => {
              const here = byLine.get(i + 1);
              return (
                <li key={i} class={here ? 'has-problem' : undefined} value={i + 1}>
                  <code>{line || ' '}</code>
                  {here?.map((p, j) => (
                    <p key={j} class="yaml-problem" role="note">
                      <span aria-hidden="true">▲ </span>
                      {p.pointer && <code>{p.pointer}</code>} {p.detail}
                    </p>
                  ))}
                </li>
              );
            })}
          </ol>
        </section>
      )}
      {checked.value && (
        <>
          <p class="check-ok" role="status">
            ✓ “{checked.value.id}” is valid: its starting state builds and its checks can pass. Nothing is stored yet.
          </p>
          <LearnerPreview {...checked.value.learnerView} />
        </>
      )}
    </div>
  );
}
