/** Data a panel loads from the API, optionally refreshed every few seconds while the page is visible. */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { problemText } from '../problem-text.ts';

/** The latest answer and, when the latest load failed, why. */
export interface Loaded<T> {
  readonly data: Signal<T | undefined>;
  readonly error: Signal<string | undefined>;
}

export function useLoaded<T>(load: () => Promise<T>, refreshMs?: number): Loaded<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const value = await load();
          if (stopped) return;
          data.value = value;
          error.value = undefined;
        } catch (caught) {
          if (stopped) return;
          error.value = problemText(caught);
        }
      }
      if (refreshMs && !stopped) timer = setTimeout(tick, refreshMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return { data, error };
}
