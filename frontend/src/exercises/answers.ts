/**
 * The learner's answers to an exercise's questions: drafts typed in the page and what the API has
 * saved, so the page can say which are saved. Signals, shared by the questions and "Check my work"
 * (which saves pending drafts first, so an answer typed but not saved still counts).
 */
import { computed, signal } from '@preact/signals';
import { ApiError, type Answer, type CourseApi, type Exercise } from '../api.ts';
import { problemText, sentence } from '../problem-text.ts';

export type Answers = Readonly<Record<string, Answer>>;

/** Whether two answers are the same (option ids in any order). */
export function sameAnswer(a: Answer | undefined, b: Answer | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function blank(answer: Answer | undefined): boolean {
  return answer === undefined || (typeof answer === 'string' ? answer.trim() === '' : answer.length === 0);
}

export class AnswerSheet {
  readonly saved = signal<Answers>({});
  readonly drafts = signal<Answers>({});
  readonly saving = signal(false);
  readonly error = signal<string | undefined>(undefined);
  /** What the last save did, for the status line. */
  readonly note = signal<string | undefined>(undefined);
  /** Drafts that differ from what is saved (blank ones are not sent). */
  readonly pending = computed(() => Object.entries(this.drafts.value).filter(([id, answer]) => !blank(answer) && !sameAnswer(answer, this.saved.value[id])));

  constructor(
    private readonly api: CourseApi,
    private readonly exercise: Exercise,
  ) {}

  /**
   * Loads what was saved earlier. There is no GET route for answers; saving none changes nothing
   * and answers everything saved (the route merges), so a reload shows the learner's answers again.
   */
  async load(): Promise<void> {
    if (!this.exercise.checks.some((c) => c.question)) return;
    try {
      this.saved.value = await this.api.saveAnswers(this.exercise.id, {});
      this.drafts.value = { ...this.saved.value };
    } catch (error) {
      this.error.value = `Your saved answers could not be loaded. ${problemText(error)}`;
    }
  }

  set(checkId: string, answer: Answer): void {
    this.drafts.value = { ...this.drafts.value, [checkId]: answer };
    this.note.value = undefined;
  }

  /** Saves the pending drafts; true when nothing is left unsaved. */
  async save(): Promise<boolean> {
    const pending = Object.fromEntries(this.pending.value);
    if (Object.keys(pending).length === 0) return true;
    this.saving.value = true;
    this.error.value = undefined;
    try {
      this.saved.value = await this.api.saveAnswers(this.exercise.id, pending);
      const count = Object.keys(pending).length;
      this.note.value = `${count === 1 ? 'Your answer is' : `${count} answers are`} saved.`;
      return true;
    } catch (error) {
      this.error.value = refusalText(error, this.exercise);
      return false;
    } finally {
      this.saving.value = false;
    }
  }
}

/** A refused save in words: the API's "#/answers/<id>" pointers become the questions' titles. */
export function refusalText(error: unknown, exercise: Pick<Exercise, 'checks'>): string {
  if (!(error instanceof ApiError) || error.status !== 422) return `Not saved. ${problemText(error)}`;
  const titled = error.detail
    .replace(/^the (answers do not fit the exercise|request body is invalid): /, '')
    .replace(/#\/answers\/([^/:\s]+)(?:\/\d+)?: /g, (_, id: string) => `“${exercise.checks.find((c) => c.id === id)?.title ?? id}”: `);
  return `Not saved: ${sentence(titled)}`;
}
