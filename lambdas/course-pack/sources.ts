/**
 * The built-in course pack as written, in course order: data only (its types come from the
 * exercise schema, nothing else), so it can be built beside the course API's bundle and imported
 * on the first request that needs it (lib/constructs/bundling.ts, BESIDE_PACKAGES) rather than read
 * on every cold start. index.ts validates it.
 */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';
import { autoscaleApp } from './autoscale-app.ts';
import { cleanUp } from './clean-up.ts';
import { components } from './components.ts';
import { deployApp } from './deploy-app.ts';
import { deployAppEks } from './deploy-app-eks.ts';
import { exploreCluster } from './explore-cluster.ts';
import { fixImage } from './fix-image.ts';
import { isolateApp } from './isolate-app.ts';
import { leastPrivilege } from './least-privilege.ts';
import { nodeFailure } from './node-failure.ts';
import { recap } from './recap.ts';
import { rollout } from './rollout.ts';
import { routeWithIngress } from './route-with-ingress.ts';
import { runAJob } from './run-a-job.ts';
import { scaleApp } from './scale-app.ts';
import { scheduleAJob } from './schedule-a-job.ts';
import { statefulApp } from './stateful-app.ts';

/** The pack as written, in course order. */
export const COURSE_PACK_SOURCES: readonly ExerciseInput[] = [recap, exploreCluster, deployApp, deployAppEks, scaleApp, nodeFailure, rollout, fixImage, runAJob, scheduleAJob, statefulApp, routeWithIngress, isolateApp, autoscaleApp, leastPrivilege, cleanUp, components];
