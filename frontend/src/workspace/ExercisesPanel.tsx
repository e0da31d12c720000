/** "Exercises": the course's exercises in order, with what each is worth. */
import type { CourseApi, Exercise } from '../api.ts';
import { useLoaded } from './use-loaded.ts';

export function ExercisesPanel({ api }: { api: CourseApi }) {
  const { data, error } = useLoaded(() => api.exercises());
  const exercises = [...(data.value ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return (
    <section class="panel grow" aria-labelledby="exercises-title">
      <div class="panel-head">
        <h2 id="exercises-title">Exercises</h2>
        {data.value && <span class="panel-meta">{exercises.length}</span>}
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
        <ol class="exercises">
          {exercises.map((exercise) => (
            <ExerciseItem key={exercise.id} exercise={exercise} />
          ))}
        </ol>
      </div>
    </section>
  );
}

function ExerciseItem({ exercise }: { exercise: Exercise }) {
  const points = exercise.checks.reduce((sum, check) => sum + check.points, 0);
  return (
    <li>
      <div class="exercise-row">
        <span class="exercise-title">{exercise.title}</span>
        <span class="exercise-points">{points} points</span>
      </div>
      {exercise.summary && <p class="exercise-summary">{exercise.summary}</p>}
    </li>
  );
}
