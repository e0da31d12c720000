/**
 * `kubectl describe` of an object the learner picked in the picture, run through the terminal
 * route (POST /v1/me/terminal), so the text is the real kubectl's. The route runs one command per
 * learner: while their own terminal command runs it answers 409, said here in words.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, type CourseApi } from '../api.ts';
import { problemText } from '../problem-text.ts';

/** What to describe, and why this object (a component is shown through its pod or node). */
export interface Describing {
  readonly title: string;
  /** The kubectl line, e.g. `kubectl describe pod web-7d4-x2 -n default`. */
  readonly line: string;
  /** A sentence above the output: what a component does, in the seed's words. */
  readonly about?: string;
  /** For an object of the cluster: which one, so a reader without a terminal (the instructor) can show it as stored. */
  readonly object?: { readonly kind: string; readonly name: string; readonly namespace?: string };
  /** For a component: which one, so the dialog can list what it did lately. */
  readonly component?: { readonly id: string; readonly node?: string };
  /** The feed's lines about it, newest first. */
  readonly recent?: readonly string[];
}

type Answer = { state: 'loading' } | { state: 'done'; text: string; failed: boolean } | { state: 'busy'; text: string } | { state: 'error'; text: string };

export function DescribeDialog({ api, describing, onClose }: { api: CourseApi; describing: Describing; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const answer = useSignal<Answer>({ state: 'loading' });
  const run = async () => {
    answer.value = { state: 'loading' };
    try {
      const result = await api.terminal(describing.line);
      answer.value = { state: 'done', text: (result.stdout + result.stderr).trimEnd(), failed: result.exitCode !== 0 };
    } catch (error) {
      answer.value =
        error instanceof ApiError && error.status === 409
          ? { state: 'busy', text: 'Your terminal is still running a command, and describe runs through it. Stop that command with Ctrl-C in the terminal, or wait for it to end, then try again.' }
          : { state: 'error', text: problemText(error) };
    }
  };
  useEffect(() => {
    dialog.current?.showModal();
    void run();
  }, [describing.line]);
  const now = answer.value;
  return (
    <dialog ref={dialog} class="describe" aria-labelledby="describe-title" onClose={onClose}>
      <DescribeIntro describing={describing} titleId="describe-title" onClose={() => dialog.current?.close()} />
      <p class="describe-line">
        <code>$ {describing.line}</code>
      </p>
      <div class="describe-body" aria-live="polite">
        {now.state === 'loading' && (
          <p class="muted">
            <span class="spinner" aria-hidden="true" /> Running kubectl…
          </p>
        )}
        {now.state === 'done' && <pre class={`describe-output${now.failed ? ' failed' : ''}`}>{now.text || '(kubectl printed nothing)'}</pre>}
        {(now.state === 'busy' || now.state === 'error') && (
          <div class="describe-problem" role="alert">
            <p>{now.text}</p>
            <button type="button" class="secondary" onClick={() => void run()}>
              Try again
            </button>
          </div>
        )}
      </div>
    </dialog>
  );
}

/**
 * The top of a describe dialog, the learner's and the instructor's alike: the object's title with
 * a Close button, what it is for, and what it did lately.
 */
export function DescribeIntro({ describing, titleId, onClose }: { describing: Describing; titleId: string; onClose: () => void }) {
  return (
    <>
      <header class="describe-head">
        <h2 id={titleId}>{describing.title}</h2>
        <button type="button" class="quiet" onClick={onClose} aria-label="Close">
          Close
        </button>
      </header>
      {describing.about && <p class="describe-about">{describing.about}</p>}
      {describing.recent && describing.recent.length > 0 && (
        <div class="describe-recent">
          <h3>What it did lately</h3>
          <ul>
            {describing.recent.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
