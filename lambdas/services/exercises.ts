/**
 * The exercises of the course: the built-in pack (code, read-only) and the instructors' own
 * (stored). An instructor's document is validated by ExerciseSchema before it gets here and
 * dry-run here (its starting state is built on a scratch cluster), so a broken exercise is
 * refused at upload with the reason, never discovered at grading time.
 */
import { InvalidInputError, NotFoundError, StateConflictError, type InputIssue } from './errors.ts';
import { isAnswerCheck, type Check, type Exercise } from './grading/exercise-schema.ts';
import type { ExerciseRepository } from './ports.ts';

/** An exercise with where it comes from. */
export interface ExerciseEntry {
  readonly exercise: Exercise;
  readonly source: 'built-in' | 'custom';
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** Finds what is wrong with an exercise that its schema cannot see (e.g. objects the API server refuses). */
export type ExerciseDryRun = (exercise: Exercise) => readonly InputIssue[];

/**
 * The built-in exercises, asked for when a request first needs them: loading the pack validates
 * every exercise, work a cold start should not do for requests that never touch exercises.
 */
export type BuiltInExercises = () => Promise<readonly Exercise[]>;

/** Built-in and instructors' exercises. */
export class ExerciseService {
  #builtIn: Promise<ReadonlyMap<string, Exercise>> | undefined;

  constructor(
    private readonly repository: ExerciseRepository,
    private readonly loadBuiltIn: BuiltInExercises,
    private readonly clock: () => number,
    private readonly dryRun: ExerciseDryRun = () => [],
  ) {}

  private builtIn(): Promise<ReadonlyMap<string, Exercise>> {
    this.#builtIn ??= this.loadBuiltIn().then((exercises) => new Map(exercises.map((exercise) => [exercise.id, exercise])));
    return this.#builtIn;
  }

  /** Every exercise, in course order (then by id). */
  async list(): Promise<ExerciseEntry[]> {
    const custom = (await this.repository.listExercises()).map((stored) => customEntry(stored));
    const builtIn = [...(await this.builtIn()).values()].map((exercise): ExerciseEntry => ({ exercise, source: 'built-in' }));
    return [...builtIn, ...custom].sort((a, b) => a.exercise.order - b.exercise.order || a.exercise.id.localeCompare(b.exercise.id));
  }

  /** One exercise, or NotFoundError. */
  async get(id: string): Promise<ExerciseEntry> {
    const builtIn = (await this.builtIn()).get(id);
    if (builtIn) return { exercise: builtIn, source: 'built-in' };
    const stored = await this.repository.getExercise(id);
    if (!stored) throw new NotFoundError('exercise', id);
    return customEntry(stored);
  }

  /** Adds an instructor's exercise; its id must be new. */
  async create(exercise: Exercise): Promise<ExerciseEntry> {
    if ((await this.builtIn()).has(exercise.id)) throw new StateConflictError(`exercise ${JSON.stringify(exercise.id)} is built in; choose another id`);
    this.check(exercise);
    const now = new Date(this.clock()).toISOString();
    if (!(await this.repository.putExercise({ id: exercise.id, document: exercise, createdAt: now, updatedAt: now }, false))) {
      throw new StateConflictError(`exercise ${JSON.stringify(exercise.id)} already exists; PUT /v1/admin/exercises/${exercise.id} replaces it`);
    }
    return { exercise, source: 'custom', createdAt: now, updatedAt: now };
  }

  /**
   * Everything an upload checks, with nothing stored: the schema has passed already (the route), so
   * this is the dry run and the built-in ids. Throws as create would; answers the learner's view.
   */
  async validate(exercise: Exercise): Promise<LearnerExercise> {
    if ((await this.builtIn()).has(exercise.id)) throw new StateConflictError(`exercise ${JSON.stringify(exercise.id)} is built in; choose another id`);
    this.check(exercise);
    return learnerExercise(exercise);
  }

  /** Replaces (or adds) the instructor's exercise with this id. */
  async replace(id: string, exercise: Exercise): Promise<ExerciseEntry> {
    if (exercise.id !== id) throw new InvalidInputError('the ids differ', [{ path: ['id'], message: `the document's id ${JSON.stringify(exercise.id)} must equal the id in the path, ${JSON.stringify(id)}` }]);
    if ((await this.builtIn()).has(id)) throw new StateConflictError(`exercise ${JSON.stringify(id)} is built in and cannot be changed; copy it under another id`);
    this.check(exercise);
    const now = new Date(this.clock()).toISOString();
    const createdAt = (await this.repository.getExercise(id))?.createdAt ?? now;
    await this.repository.putExercise({ id, document: exercise, createdAt, updatedAt: now }, true);
    return { exercise, source: 'custom', createdAt, updatedAt: now };
  }

  /** Removes an instructor's exercise (grades already given stay in the gradebook). */
  async delete(id: string): Promise<void> {
    if ((await this.builtIn()).has(id)) throw new StateConflictError(`exercise ${JSON.stringify(id)} is built in and cannot be deleted`);
    if (!(await this.repository.getExercise(id))) throw new NotFoundError('exercise', id);
    await this.repository.deleteExercise(id);
  }

  private check(exercise: Exercise): void {
    const issues = this.dryRun(exercise);
    if (issues.length > 0) throw new InvalidInputError(`exercise ${JSON.stringify(exercise.id)} cannot be set up`, issues);
  }
}

function customEntry(stored: { document: unknown; createdAt: string; updatedAt: string }): ExerciseEntry {
  return { exercise: stored.document as Exercise, source: 'custom', createdAt: stored.createdAt, updatedAt: stored.updatedAt };
}

/** A check as a learner sees it: what to do, never how it is judged or the answer. */
export interface LearnerCheck {
  readonly id: string;
  readonly title: string;
  readonly type: Check['type'];
  readonly points: number;
  readonly question?: string;
  readonly options?: readonly { readonly id: string; readonly text: string }[];
  readonly multiple?: boolean;
}

/** An exercise as a learner sees it: no hidden checks, no answers, no reference solution. */
export interface LearnerExercise {
  readonly id: string;
  readonly title: string;
  readonly order: number;
  readonly summary?: string;
  readonly instructions: string;
  readonly hints: readonly string[];
  readonly checks: readonly LearnerCheck[];
  readonly hiddenChecks: number;
}

/** The learner's view of an exercise. */
export function learnerExercise(exercise: Exercise): LearnerExercise {
  const visible = exercise.checks.filter((c) => !c.hidden);
  return {
    id: exercise.id,
    title: exercise.title,
    order: exercise.order,
    ...(exercise.summary ? { summary: exercise.summary } : {}),
    instructions: exercise.instructions,
    hints: exercise.hints,
    checks: visible.map((check): LearnerCheck => {
      const shown = { id: check.id, title: check.title, type: check.type, points: check.points };
      if (!isAnswerCheck(check)) return shown;
      if (check.type === 'shortAnswer') return { ...shown, question: check.question };
      return { ...shown, question: check.question, options: check.options, multiple: check.correct.length > 1 };
    }),
    hiddenChecks: exercise.checks.length - visible.length,
  };
}
