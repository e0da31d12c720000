/**
 * When a command the learner ran from the page (a terminal line, an edit applied through it) last
 * answered: what it changed has landed, and the live picture asks at once rather than at its
 * quiet pace (picture/pace.ts).
 */
import { signal } from '@preact/signals';

export const lastCommandAt = signal(0);

/** Notes that a command just answered. */
export function commandAnswered(): void {
  lastCommandAt.value = Date.now();
}
