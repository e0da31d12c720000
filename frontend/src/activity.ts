/**
 * When the learner last asked their cluster to do something from the page (a terminal command, an
 * edit applied through it), noted when the command is sent and again when it answers: the live
 * picture then asks at once rather than at its quiet pace (picture/pace.ts).
 */
import { signal } from '@preact/signals';

export const lastCommandAt = signal(0);

/** Notes that a command was just sent. */
export function commandSent(): void {
  lastCommandAt.value = Date.now();
}
