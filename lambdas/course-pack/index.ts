/**
 * The built-in course pack: the seed's day 4 end to end, from the recap of days 1 to 3 to
 * cleaning up. Each exercise is written as a document an instructor could upload and is
 * validated by the same schema at load, so the pack cannot hold a document the API would refuse.
 * test/course/ plays every reference solution on a real simulated cluster.
 */
import { ExerciseSchema, type Exercise, type ExerciseInput } from '#services/grading/exercise-schema.ts';
import { autoscaleApp } from './autoscale-app.ts';
import { cleanUp } from './clean-up.ts';
import { components } from './components.ts';
import { deployApp } from './deploy-app.ts';
import { exploreCluster } from './explore-cluster.ts';
import { fixImage } from './fix-image.ts';
import { nodeFailure } from './node-failure.ts';
import { recap } from './recap.ts';
import { rollout } from './rollout.ts';
import { runAJob } from './run-a-job.ts';
import { scaleApp } from './scale-app.ts';
import { scheduleAJob } from './schedule-a-job.ts';
import { statefulApp } from './stateful-app.ts';

/** The pack as written, in course order. */
export const COURSE_PACK_SOURCES: readonly ExerciseInput[] = [recap, exploreCluster, deployApp, scaleApp, nodeFailure, rollout, fixImage, runAJob, scheduleAJob, statefulApp, autoscaleApp, cleanUp, components];

/** The pack, validated (defaults filled in). */
export const COURSE_PACK: readonly Exercise[] = COURSE_PACK_SOURCES.map((source) => ExerciseSchema.parse(source));
