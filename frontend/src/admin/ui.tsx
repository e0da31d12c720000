/** Small pieces every dashboard page uses: loading what a page shows, copying, downloading, times in words. */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { problemText } from '../problem-text.ts';

/** What a page loaded: nothing yet, the value, or why not. */
export interface Loaded<T> {
  readonly value: Signal<T | undefined>;
  readonly error: Signal<string | undefined>;
  /** Loads again (after a change the page made). */
  reload(): Promise<void>;
}

/** Loads `load()` on mount and whenever `deps` change; `every` (ms) reloads while the tab is visible. */
export function useLoaded<T>(load: () => Promise<T>, deps: readonly unknown[], every?: number): Loaded<T> {
  const value = useSignal<T | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const reload = async () => {
    try {
      value.value = await load();
      error.value = undefined;
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (stopped) return;
      if (document.visibilityState !== 'hidden') await reload();
      if (!stopped && every) timer = setTimeout(tick, every);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, deps);
  return { value, error, reload };
}

/** An error said in words, where the thing it is about would be. */
export function Problem({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p class="panel-error" role="alert">
      {text}
    </p>
  );
}

/** A button that copies `text` and says so. */
export function CopyButton({ text, label = 'Copy', class: className = 'quiet', describedBy, ariaLabel }: { text: string; label?: string; class?: string; describedBy?: string; ariaLabel?: string }) {
  const copied = useSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      copied.value = true;
      setTimeout(() => (copied.value = false), 2000);
    } catch {
      // No clipboard (an insecure origin): the text is on screen to select.
    }
  };
  return (
    <button type="button" class={className} onClick={copy} aria-describedby={describedBy} aria-label={ariaLabel}>
      {copied.value ? 'Copied' : label}
    </button>
  );
}

/** Saves `text` as a file through the browser's download. */
export function download(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** How long ago `at` was, from `now` (both epoch ms): "just now", "4 min ago", "2 h ago". */
export function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

// One formatter each: making one per call (toLocaleString) is what costs, 400 learners × 9 cells at a time.
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A time of day, for lists of what happened today. */
export const clockTime = (at: string) => CLOCK.format(new Date(at));

/** A date and time, for things further away. */
export const dateTime = (at: string) => DATE_TIME.format(new Date(at));

/** "1 learner", "3 learners". */
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
