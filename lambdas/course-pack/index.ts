/**
 * The built-in course pack: the seed's day 4 end to end, from the recap of days 1 to 3 to
 * cleaning up. Each exercise is written as a document an instructor could upload and is
 * validated by the same schema at load, so the pack cannot hold a document the API would refuse.
 * test/course/ plays every reference solution on a real simulated cluster.
 */
import { ExerciseSchema, type Exercise } from '#services/grading/exercise-schema.ts';
import { COURSE_PACK_SOURCES } from './sources.ts';

export { COURSE_PACK_SOURCES };

/** The pack, validated (defaults filled in). */
export const COURSE_PACK: readonly Exercise[] = COURSE_PACK_SOURCES.map((source) => ExerciseSchema.parse(source));
