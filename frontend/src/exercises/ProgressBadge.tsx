/** An exercise's progress in a few characters: its latest score, or its points when never checked. */
import type { CheckOutcome, Exercise } from '../api.ts';

/** The points a learner can see they can earn (hidden checks left out, as in their grades). */
export function visiblePoints(exercise: Exercise): number {
  return exercise.checks.reduce((sum, check) => sum + check.points, 0);
}

export function ProgressBadge({ exercise, progress }: { exercise: Exercise; progress: CheckOutcome | undefined }) {
  if (!progress) return <span class="progress none">{visiblePoints(exercise)} points</span>;
  const label = progress.status === 'passed' ? `passed, ${progress.score} of ${progress.maxScore} points` : `${progress.score} of ${progress.maxScore} points so far`;
  return (
    <span class={`progress ${progress.status}`} aria-label={label} title={label}>
      {progress.status === 'passed' && <span aria-hidden="true">✓ </span>}
      {progress.score}/{progress.maxScore}
    </span>
  );
}
