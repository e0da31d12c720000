/**
 * The composition root of the functions that serve learners' clusters rather than the course:
 * the Kubernetes API function and the web terminal's. It imports no course service, grading or
 * course pack, so their bundles carry none (test/cdk/bundles.test.ts); compose.ts builds the
 * course API on the same adapters.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import { DynamoClusterStore, LOCAL_SNAPSHOT_QUALITY } from '#adapters/dynamo/cluster-store.ts';
import { DynamoAuthRecords } from '#adapters/dynamo/auth-records.ts';
import { SecretsManagerAdminToken, StaticAdminToken } from '#adapters/secrets/admin-token.ts';
import { serve } from '#core/api-server/rest.ts';
import { AuthService } from '#services/auth.ts';
import { ClusterService } from '#services/clusters.ts';
import { KubeApiService } from '#services/kube-api.ts';
import { clusterChanges } from '#services/picture-changes.ts';
import { flushingRepository, soleWriterCopies } from '#services/working-copies.ts';
import type { AdminTokenSource } from '#services/ports.ts';
import { CommandHistoryService } from '#services/terminal/command-history.ts';
import { WorkspaceService } from '#services/workspace/workspace.ts';
import type { Config } from './env.ts';
import { traced } from './telemetry.ts';

/**
 * The adapters every function builds its services on: the clusters' store, the reads that
 * authenticate, and the admin token. The course API and the containers' routes build the course
 * store on `client` too (compose.ts); the others never load its code.
 */
export interface Stores {
  /** The document client every store of the function shares. */
  readonly client: DynamoDBDocumentClient;
  readonly authRecords: DynamoAuthRecords;
  readonly clusterStore: DynamoClusterStore;
  readonly adminToken: AdminTokenSource;
}

/** What the Kubernetes API serves with: who is calling, and their cluster. */
export interface KubeServices {
  readonly auth: AuthService;
  readonly clusters: ClusterService;
  /** The Kubernetes API of learners' clusters. */
  readonly kube: KubeApiService;
  readonly clock: () => number;
}

/** What the web terminal serves with: the Kubernetes API for its kubectl, the learner's workspace files, and where their lines are kept. */
export interface TerminalServices extends KubeServices {
  readonly workspace: WorkspaceService;
  /** The learner's latest terminal lines, which their instructor reads. */
  readonly history: CommandHistoryService;
}

/** Builds the stores for a configuration; their SDK clients are traced where tracing is on (telemetry.ts). */
export function composeStores(config: Config): Stores {
  const client = createDocumentClient({ tableName: config.tableName, endpoint: config.dynamoEndpoint, instrument: traced });
  return {
    client,
    authRecords: new DynamoAuthRecords(client, config.tableName),
    clusterStore: new DynamoClusterStore(client, {
      tableName: config.tableName,
      maxClusterBytes: config.maxClusterBytes,
      soleWriter: config.soleWriter ?? false,
      verifyReusedText: config.verifyStoredText ?? false,
      // Local mode (the sole writer) pays for a byte stored with nothing but the CPU a class shares:
      // the fastest quality there; on AWS each KB is a write unit (cluster-store.ts, SNAPSHOT_QUALITY).
      ...(config.soleWriter ? { snapshotQuality: LOCAL_SNAPSHOT_QUALITY } : {}),
      // Local mode (the embedded DynamoDB) tells the process's own listeners, the local server's push
      // to the live picture; on AWS the table's stream tells the push function instead.
      ...(config.dynamoEndpoint ? { onStable: clusterChanges.announce } : {}),
    }),
    adminToken:
      config.adminToken.kind === 'value'
        ? new StaticAdminToken(config.adminToken.value)
        : new SecretsManagerAdminToken(traced(new SecretsManagerClient({})), config.adminToken.secretArn),
  };
}

/** Builds the Kubernetes API's services (on `stores`, when the caller shares them). */
export function composeKube(config: Config, clock: () => number = Date.now, stores: Stores = composeStores(config)): KubeServices {
  const { clusterStore } = stores;
  // Local mode: one set of working copies for the whole process, reads' saves deferred (working-copies.ts).
  const copies = config.soleWriter ? soleWriterCopies(`${config.dynamoEndpoint} ${config.tableName}`, (snapshot, version) => clusterStore.save(snapshot, version)) : undefined;
  const clusters = new ClusterService(copies ? flushingRepository(clusterStore, copies) : clusterStore, { clock });
  return {
    auth: new AuthService(stores.authRecords, stores.adminToken, clock),
    clusters,
    kube: new KubeApiService(clusters, clusterStore, { clock, apiServer: serve, ...(copies ? { copies } : {}) }),
    clock,
  };
}

/** Builds the web terminal's services; `log` hears of a terminal line that could not be recorded. */
export function composeTerminal(
  config: Config,
  clock: () => number = Date.now,
  stores: Stores = composeStores(config),
  log?: (message: string, error: unknown) => void,
): TerminalServices {
  return { ...composeKube(config, clock, stores), workspace: new WorkspaceService(stores.clusterStore, clock), history: new CommandHistoryService(stores.clusterStore, log) };
}
