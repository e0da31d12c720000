/**
 * "Exercises": the course in order with the learner's progress on each (their latest grade);
 * opening one shows it in the same panel, and "All exercises" comes back to the list.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { CheckOutcome, CourseApi, Exercise } from '../api.ts';
import { useLoaded } from '../workspace/use-loaded.ts';
import { ExerciseView } from './ExerciseView.tsx';
import { ProgressBadge } from './ProgressBadge.tsx';
import './exercises.css';

/** The latest grade of each exercise (grades come newest first). */
function latestGrades(grades: readonly CheckOutcome[]): Record<string, CheckOutcome> {
  const latest: Record<string, CheckOutcome> = {};
  for (const grade of grades) latest[grade.exerciseId] ??= grade;
  return latest;
}

export function ExercisesPanel({ api }: { api: CourseApi }) {
  const { data, error } = useLoaded(() => Promise.all([api.exercises(), api.grades()]));
  const progress = useSignal<Record<string, CheckOutcome>>({});
  const openId = useSignal<string | undefined>(undefined);
  const lastOpened = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (data.value) progress.value = { ...latestGrades(data.value[1]), ...progress.peek() };
  }, [data.value]);
  const exercises = [...(data.value?.[0] ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const open = exercises.find((e) => e.id === openId.value);
  if (open) {
    return (
      <ExerciseView
        key={open.id}
        api={api}
        exercise={open}
        number={exercises.indexOf(open) + 1}
        progress={progress.value[open.id]}
        onBack={() => {
          lastOpened.current = open.id;
          openId.value = undefined;
        }}
        onChecked={(outcome) => (progress.value = { ...progress.value, [open.id]: outcome })}
      />
    );
  }
  const passed = exercises.filter((e) => progress.value[e.id]?.status === 'passed').length;
  return (
    <section class="panel exercise-panel" aria-labelledby="exercises-title">
      <div class="panel-head">
        <h2 id="exercises-title">Exercises</h2>
        {data.value && (
          <span class="panel-meta">
            {passed} of {exercises.length} passed
          </span>
        )}
      </div>
      {/* Focusable, so the list scrolls with the keyboard too. */}
      <div class="scroll" tabIndex={0} aria-labelledby="exercises-title">
        {error.value && (
          <p class="panel-error" role="alert">
            {error.value}
          </p>
        )}
        {!data.value && !error.value && <p class="muted">Loading the exercises…</p>}
        {data.value && exercises.length === 0 && <p class="muted">Your instructor has not published any exercises yet.</p>}
        <ol class="exercise-list">
          {exercises.map((exercise, i) => (
            <ExerciseItem
              key={exercise.id}
              exercise={exercise}
              number={i + 1}
              progress={progress.value[exercise.id]}
              focus={lastOpened.current === exercise.id}
              onOpen={() => (openId.value = exercise.id)}
            />
          ))}
        </ol>
      </div>
    </section>
  );
}

interface ItemProps {
  readonly exercise: Exercise;
  readonly number: number;
  readonly progress: CheckOutcome | undefined;
  /** Coming back from this exercise: the keyboard lands where it left. */
  readonly focus: boolean;
  readonly onOpen: () => void;
}

function ExerciseItem({ exercise, number, progress, focus, onOpen }: ItemProps) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) button.current?.focus();
  }, []);
  return (
    <li class={progress?.status === 'passed' ? 'done' : ''}>
      <button type="button" class="exercise-open" ref={button} onClick={onOpen}>
        <span class="exercise-number" aria-hidden="true">
          {progress?.status === 'passed' ? '✓' : number}
        </span>
        <span class="exercise-text">
          <span class="exercise-title">{exercise.title}</span>
          {exercise.summary && <span class="exercise-summary">{exercise.summary}</span>}
        </span>
        <ProgressBadge exercise={exercise} progress={progress} />
      </button>
    </li>
  );
}
