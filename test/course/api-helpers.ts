/**
 * Helpers for the course API tests: Kubelab over real HTTP on a real DynamoDB-protocol server,
 * calls as each kind of caller, and a way to do what a learner's kubectl would do to their
 * cluster (the Kubernetes API is another part's; these tests reach the same stored cluster).
 */
import { DynamoClusterStore } from '#adapters/dynamo/cluster-store.ts';
import { createDocumentClient } from '#adapters/dynamo/client.ts';
import type { Cluster } from '#core/cluster.ts';
import { ENV } from '#handlers/env.ts';
import { ClusterService } from '#services/clusters.ts';
import { startKubelab, type TestKubelab } from '../support/kubelab.ts';

/** A JSON answer with its status and headers. */
export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Kubelab for one test file, with helpers. */
export interface CourseHarness {
  readonly kubelab: TestKubelab;
  /** Calls with a token (or none) and a JSON body; parses a JSON answer. */
  call<T = Record<string, unknown>>(token: string | undefined, method: string, path: string, json?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  /** Calls as the instructor. */
  admin<T = Record<string, unknown>>(method: string, path: string, json?: unknown): Promise<Answer<T>>;
  /** A new cohort (with extra fields) and its id and join code. */
  cohort(fields?: Record<string, unknown>): Promise<{ id: string; joinCode: string }>;
  /** Enrols a learner; returns id, token and cluster id. */
  enrol(cohortId: string, name: string): Promise<{ id: string; token: string; clusterId: string }>;
  /** Changes a learner's stored cluster as their kubectl commands would. */
  asKubectl(clusterId: string, change: (cluster: Cluster) => void): Promise<void>;
  /** The resourceVersion a cluster is stored at (not brought to the present, which moves with the wall clock). */
  storedRevision(clusterId: string): Promise<number>;
  /** The cluster as stored, opened as another process would open it (not brought to the present). */
  storedCluster(clusterId: string): Promise<Cluster>;
  stop(): Promise<void>;
}

/** Starts Kubelab for a test file. */
export async function startCourse(): Promise<CourseHarness> {
  const kubelab = await startKubelab();
  const client = createDocumentClient({ tableName: process.env[ENV.tableName] as string, endpoint: process.env[ENV.dynamoEndpoint] });
  const clusters = new ClusterService(new DynamoClusterStore(client, { tableName: process.env[ENV.tableName] as string, maxClusterBytes: 350_000, verifyReusedText: true }), { clock: Date.now });
  const call = async <T,>(token: string | undefined, method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> => {
    const response = await kubelab.call(method, path, { ...(token ? { token } : {}), ...(json !== undefined ? { json } : {}), headers });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, body: (type.includes('json') && text ? JSON.parse(text) : text) as T };
  };
  const harness: CourseHarness = {
    kubelab,
    call,
    admin: (method, path, json) => call(kubelab.adminToken, method, path, json),
    cohort: async (fields = {}) => {
      const { status, body } = await call<{ id: string; joinCode: string }>(kubelab.adminToken, 'POST', '/v1/admin/cohorts', { name: 'Day 4', ...fields });
      if (status !== 201) throw new Error(`cohort not created: ${status} ${JSON.stringify(body)}`);
      return body;
    },
    enrol: async (cohortId, name) => {
      const { status, body } = await call<{ id: string; token: string; clusterId: string }>(kubelab.adminToken, 'POST', `/v1/admin/cohorts/${cohortId}/learners`, { name });
      if (status !== 201) throw new Error(`learner not enrolled: ${status} ${JSON.stringify(body)}`);
      return body;
    },
    asKubectl: async (clusterId, change) => {
      await clusters.update(clusterId, change);
    },
    storedRevision: (clusterId) => clusters.read(clusterId, (cluster) => cluster.etcd.revision),
    storedCluster: (clusterId) => clusters.read(clusterId, (cluster) => cluster),
    stop: async () => {
      client.destroy();
      await kubelab.stop();
    },
  };
  return harness;
}
