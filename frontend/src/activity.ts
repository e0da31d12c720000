/**
 * When the learner last asked their cluster to do something from the page (a terminal command, an
 * edit applied through it): the live picture then asks at once and every second for a while,
 * rather than at its slower pace for a cluster nobody is changing (picture/use-live-view.ts).
 */
import { signal } from '@preact/signals';

export const lastCommandAt = signal(0);

/** Notes that a command was just sent. */
export function commandSent(): void {
  lastCommandAt.value = Date.now();
}
