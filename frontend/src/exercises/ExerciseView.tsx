/**
 * One exercise opened: start it, read it, take hints, answer its questions, and "Check my work"
 * (kept in sight at the bottom, with the last result's total beside it).
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { CheckOutcome, CourseApi, Exercise } from '../api.ts';
import { problemText } from '../problem-text.ts';
import { AnswerSheet } from './answers.ts';
import { CheckResults, scoreLine } from './CheckResults.tsx';
import { Hints } from './Hints.tsx';
import { Instructions } from './Instructions.tsx';
import { ProgressBadge, visiblePoints } from './ProgressBadge.tsx';
import { Questions } from './Questions.tsx';
import { StartExercise } from './StartExercise.tsx';

interface Props {
  readonly api: CourseApi;
  readonly exercise: Exercise;
  readonly number: number;
  /** The latest grade of this exercise, if it was checked before. */
  readonly progress: CheckOutcome | undefined;
  readonly onBack: () => void;
  readonly onChecked: (outcome: CheckOutcome) => void;
}

export function ExerciseView({ api, exercise, number, progress, onBack, onChecked }: Props) {
  const sheet = useMemo(() => new AnswerSheet(api, exercise), [api, exercise]);
  const checking = useSignal(false);
  // The last grade, until this visit checks again: the learner sees where they left off.
  const outcome = useSignal<CheckOutcome | undefined>(progress);
  const error = useSignal<string | undefined>(undefined);
  const results = useRef<HTMLElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    void sheet.load();
    heading.current?.focus();
  }, [sheet]);
  const check = async () => {
    checking.value = true;
    error.value = undefined;
    try {
      if (!(await sheet.save())) {
        error.value = 'Your answers could not be saved, so your work was not checked: see the questions above.';
        return;
      }
      const result = await api.checkMyWork(exercise.id);
      outcome.value = result;
      onChecked(result);
      // Scrolls the panel only: scrollIntoView would move the whole page too, top bar and terminal.
      requestAnimationFrame(() => body.current?.scrollTo({ top: (results.current?.offsetTop ?? 0) - 8 }));
    } catch (caught) {
      error.value = `Your work could not be checked. ${problemText(caught)}`;
    } finally {
      checking.value = false;
    }
  };
  const shown = outcome.value;
  return (
    <section class="panel exercise-panel" aria-labelledby="exercise-title">
      <div class="exercise-head">
        <button type="button" class="back" onClick={onBack}>
          <span aria-hidden="true">←</span> All exercises
        </button>
        <div class="exercise-heading">
          <h2 id="exercise-title" tabIndex={-1} ref={heading}>
            <span class="exercise-number">{number}.</span> {exercise.title}
          </h2>
          <ProgressBadge exercise={exercise} progress={progress} />
        </div>
      </div>
      {/* Focusable, so the exercise scrolls with the keyboard too. */}
      <div class="scroll exercise-body" ref={body} tabIndex={0} aria-label={`${exercise.title}: instructions, hints and questions`}>
        <StartExercise api={api} exercise={exercise} />
        <Instructions markdown={exercise.instructions} title={exercise.title} />
        <Hints hints={exercise.hints} />
        <Questions checks={exercise.checks} sheet={sheet} />
        <section class="ex-section" aria-labelledby="results-title" ref={results}>
          <h3 id="results-title">Your work</h3>
          <div aria-live="polite" aria-busy={checking.value}>
            {shown ? <CheckResults outcome={shown} /> : <p class="muted small-text">Press “Check my work” to see what passes so far; you can check as often as you like.</p>}
          </div>
        </section>
      </div>
      <div class="exercise-foot">
        <button type="button" class="primary" onClick={check} disabled={checking.value} aria-describedby="check-summary">
          {checking.value && <span class="spinner" aria-hidden="true" />}
          {checking.value ? 'Checking…' : 'Check my work'}
        </button>
        <p id="check-summary" class="foot-summary">
          {error.value ? (
            <span class="foot-error" role="alert">
              {error.value}
            </span>
          ) : shown ? (
            scoreLine(shown)
          ) : (
            `${exercise.checks.length} ${exercise.checks.length === 1 ? 'check' : 'checks'}, ${visiblePoints(exercise)} points${exercise.hiddenChecks ? ` + ${exercise.hiddenChecks} hidden` : ''}`
          )}
        </p>
      </div>
    </section>
  );
}
