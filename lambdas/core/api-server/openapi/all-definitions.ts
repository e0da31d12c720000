/**
 * The OpenAPI definitions as written, one file per group (definitions/), merged: the source of
 * definitions.data.json, which the API server reads (components.ts). After changing a definition,
 * run `npx tsx bin/openapi-definitions.ts`; test/core/api-server/openapi-definitions.test.ts fails
 * while the data is stale.
 */
import { AUTOSCALING } from './definitions/autoscaling.ts';
import { BATCH } from './definitions/batch.ts';
import { CLUSTER } from './definitions/cluster.ts';
import { META } from './definitions/meta.ts';
import { NETWORK } from './definitions/network.ts';
import { NETWORKING } from './definitions/networking.ts';
import { POD } from './definitions/pod.ts';
import { POLICY } from './definitions/policy.ts';
import { RBAC } from './definitions/rbac.ts';
import { SCHEDULING } from './definitions/scheduling.ts';
import { STORAGE } from './definitions/storage.ts';
import { VOLUMES } from './definitions/volumes.ts';
import { WORKLOADS } from './definitions/workloads.ts';
import type { Definitions } from './dsl.ts';

/** Every definition, by short name. */
export const ALL_DEFINITIONS: Definitions = { ...META, ...POD, ...VOLUMES, ...SCHEDULING, ...NETWORK, ...CLUSTER, ...WORKLOADS, ...BATCH, ...STORAGE, ...POLICY, ...NETWORKING, ...AUTOSCALING, ...RBAC };
