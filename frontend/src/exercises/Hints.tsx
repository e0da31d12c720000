/** Hints, revealed one at a time: a learner asks for the next only when stuck. */
import { useSignal } from '@preact/signals';
import { InlineMarkdown } from './inline-markdown.tsx';

export function Hints({ hints }: { hints: readonly string[] }) {
  const shown = useSignal(0);
  if (hints.length === 0) return null;
  const next = shown.value + 1;
  return (
    <section class="ex-section hints" aria-labelledby="hints-title">
      <h3 id="hints-title">Hints</h3>
      <ol class="hint-list" aria-live="polite">
        {hints.slice(0, shown.value).map((hint, i) => (
          <li key={i}>
            <InlineMarkdown text={hint} />
          </li>
        ))}
      </ol>
      {shown.value < hints.length ? (
        <button type="button" class="secondary small" onClick={() => (shown.value = next)}>
          {shown.value === 0 ? 'Show a hint' : 'Show another hint'} ({next} of {hints.length})
        </button>
      ) : (
        <p class="muted small-text">That was the last hint.</p>
      )}
    </section>
  );
}
