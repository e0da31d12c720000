/**
 * Starting an exercise resets the learner's cluster, so it asks first, in words, inside the panel
 * (a browser dialog would hide what is lost behind "OK"); the note after it says what happened.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { CourseApi, Exercise } from '../api.ts';
import { problemText } from '../problem-text.ts';

type Step = { kind: 'idle' } | { kind: 'confirming' } | { kind: 'starting' } | { kind: 'started' } | { kind: 'failed'; error: string };

export function StartExercise({ api, exercise }: { api: CourseApi; exercise: Exercise }) {
  const step = useSignal<Step>({ kind: 'idle' });
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (step.value.kind === 'confirming') confirmButton.current?.focus();
  }, [step.value.kind]);
  const start = async () => {
    step.value = { kind: 'starting' };
    try {
      await api.startExercise(exercise.id);
      step.value = { kind: 'started' };
    } catch (error) {
      step.value = { kind: 'failed', error: problemText(error) };
    }
  };
  const cancel = () => {
    step.value = { kind: 'idle' };
    queueMicrotask(() => startButton.current?.focus());
  };
  const current = step.value;
  if (current.kind === 'confirming' || current.kind === 'starting') {
    return (
      <div class="start-confirm" role="group" aria-labelledby="start-confirm-text">
        <p id="start-confirm-text">
          <strong>Start “{exercise.title}”?</strong> This resets your cluster to the exercise's starting state; what you have in it now is lost.
        </p>
        <div class="button-row">
          <button type="button" class="danger" ref={confirmButton} disabled={current.kind === 'starting'} onClick={start}>
            {current.kind === 'starting' ? (
              <>
                <span class="spinner" aria-hidden="true" /> Resetting your cluster…
              </>
            ) : (
              'Reset and start'
            )}
          </button>
          <button type="button" class="quiet" disabled={current.kind === 'starting'} onClick={cancel}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="start-row">
      <button type="button" class="secondary small" ref={startButton} onClick={() => (step.value = { kind: 'confirming' })}>
        {current.kind === 'started' ? 'Start again' : 'Start this exercise'}
      </button>
      <p class={`start-note ${current.kind}`} role="status">
        {current.kind === 'started' && <>✓ Started: your cluster is at this exercise's starting state. Carry on in the terminal.</>}
        {current.kind === 'failed' && <>Not started: {current.error}</>}
        {current.kind === 'idle' && <span class="muted">Resets your cluster to where this exercise begins.</span>}
      </p>
    </div>
  );
}
