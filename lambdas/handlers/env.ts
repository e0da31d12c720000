/**
 * Reads the environment once, at the edge, and fails fast when something is missing.
 * No other file under lambdas/ reads process.env (test/unit/process-env.test.ts): the entry
 * points hand it whole to loadConfig.
 */

import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { EcsRunnerConfig } from '#adapters/aws/ecs-runner.ts';

/** Everything a handler needs from its environment. */
export interface Config {
  /** DynamoDB table holding clusters, cohorts, learners and tokens. */
  readonly tableName: string;
  /** Set only in local mode: the embedded DynamoDB-protocol server on loopback. */
  readonly dynamoEndpoint: string | undefined;
  /** Where the instructor admin token comes from. */
  readonly adminToken: { readonly kind: 'value'; readonly value: string } | { readonly kind: 'secret'; readonly secretArn: string };
  /** Upper bound of one learner's stored cluster, in bytes after compression. */
  readonly maxClusterBytes: number;
  /**
   * Set only in local mode: the PEM certificate of the local CA that signs the Kubernetes API's
   * https certificate, handed out in kubeconfigs as certificate-authority-data.
   */
  readonly kubeApiCertificateAuthority?: string;
  /**
   * How long an enrolment or revocation holds its note on the cohort before a reconciler may
   * finish or undo it (ms); undefined for the default, longer than any Lambda may run. Tests shorten it.
   */
  readonly seatHoldMs?: number;
  /** The web terminal: the kubectl binary it runs and a directory of its own; absent where no kubectl is set. */
  readonly terminal?: TerminalConfig;
  /**
   * Set only by the local server: this process is the table's only writer, so the cluster store
   * may answer version checks from what it saved (cluster-store.ts, `soleWriter`).
   */
  readonly soleWriter?: boolean;
  /**
   * Tests only: check, at every save, the stored text each object reuses against the object
   * (cluster-store.ts `verifyReusedText`), so a change made in place in the core fails loudly.
   */
  readonly verifyStoredText?: boolean;
  /**
   * Base URL (scheme and host, no trailing slash) of the Kubernetes API that kubeconfigs name, when
   * it is not where the course API was called (on AWS, the streaming function URL); absent locally.
   */
  readonly kubeApiUrl?: string;
  /** Where learners' real tasks run (the KubelabContainers stack); absent in local mode. */
  readonly containers?: ContainersConfig;
}

/** The ECS cluster and what a task needs there, from the KubelabContainers stack: the runner's own settings. */
export type ContainersConfig = EcsRunnerConfig;

/** Where the web terminal's kubectl is and where it may write. */
export interface TerminalConfig {
  readonly kubectlPath: string;
  readonly workDir: string;
}

/** A required variable is missing or malformed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Environment variable names: a contract with the CDK stack and the local server. */
export const ENV = {
  tableName: 'KUBELAB_TABLE_NAME',
  dynamoEndpoint: 'KUBELAB_DYNAMODB_ENDPOINT',
  adminToken: 'KUBELAB_ADMIN_TOKEN',
  adminTokenSecretArn: 'KUBELAB_ADMIN_TOKEN_SECRET_ARN',
  maxClusterBytes: 'KUBELAB_MAX_CLUSTER_BYTES',
  kubeApiCertificateAuthority: 'KUBELAB_KUBE_API_CA',
  kubectl: 'KUBELAB_KUBECTL',
  terminalDir: 'KUBELAB_TERMINAL_DIR',
  seatHoldSeconds: 'KUBELAB_SEAT_HOLD_SECONDS',
  soleWriter: 'KUBELAB_SOLE_WRITER',
  containersCluster: 'KUBELAB_CONTAINERS_CLUSTER_ARN',
  containersSubnets: 'KUBELAB_CONTAINERS_SUBNETS',
  containersVpc: 'KUBELAB_CONTAINERS_VPC_ID',
  containersExecutionRole: 'KUBELAB_CONTAINERS_EXECUTION_ROLE_ARN',
  containersTaskRole: 'KUBELAB_CONTAINERS_TASK_ROLE_ARN',
  containersLogGroup: 'KUBELAB_CONTAINERS_LOG_GROUP',
  containersArchitecture: 'KUBELAB_CONTAINERS_ARCHITECTURE',
  /** Base URL of the Kubernetes API for kubeconfigs when it is not the course API's (the streaming function URL on AWS). */
  kubeApiUrl: 'KUBELAB_KUBE_API_URL',
  /** The WebSocket API stage's `@connections` endpoint, where the picture's push function sends (lib/api-stack.ts). */
  connectionsUrl: 'KUBELAB_CONNECTIONS_URL',
  /** `1` in the tests (vitest.config.ts): Config.verifyStoredText. */
  verifyStoredText: 'KUBELAB_VERIFY_STORED_TEXT',
  /** Set by the KubelabFunction construct; Powertools reads the same variable. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  /** `emf` or `log`: where requests' metrics go (Telemetry.metrics); unset, EMF on Lambda and the debug log elsewhere. */
  metrics: 'KUBELAB_METRICS',
  /** `false` turns X-Ray tracing off; Powertools' Tracer reads the same variable. */
  tracing: 'POWERTOOLS_TRACE_ENABLED',
  /** Set by Lambda in every function: how the code knows it runs there. */
  lambdaFunctionName: 'AWS_LAMBDA_FUNCTION_NAME',
} as const;

/**
 * Longest a watch streams from the Kubernetes API's function URL (handlers/kube-stream.ts); the
 * function's timeout (lib/api-stack.ts) outlasts it. kubectl and informers start a new watch when
 * one ends, from the last resourceVersion they saw, so nothing is missed.
 */
export const STREAMED_WATCH_MS = 5 * 60_000;

/** DynamoDB's item limit is 400 KB; leave room for the item's other attributes. */
export const DEFAULT_MAX_CLUSTER_BYTES = 350_000;

/**
 * The service name stamped on log lines: the function's own where the stack sets it, else
 * `fallback` (local mode, tests). For the loggers a handler module makes as it loads, before any Config.
 */
export function serviceName(fallback: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env[ENV.serviceName] || fallback;
}

/** How a function observes itself (handlers/telemetry.ts). */
export interface Telemetry {
  /** X-Ray: the SDK clients and each invocation traced. On Lambda unless turned off; never elsewhere, where no daemon listens. */
  readonly tracing: boolean;
  /** Where a request's metrics go: CloudWatch embedded metric format on stdout (`emf`), or the logger at debug (`log`). */
  readonly metrics: 'emf' | 'log';
}

/**
 * The telemetry settings, for the modules that set it up as they load, before any Config: EMF and
 * tracing on Lambda, metrics to the debug log elsewhere (local mode prints no metric documents);
 * KUBELAB_METRICS=emf shows locally what a function would publish.
 */
export function telemetrySettings(env: Readonly<Record<string, string | undefined>> = process.env): Telemetry {
  const onLambda = Boolean(env[ENV.lambdaFunctionName]);
  const metrics = env[ENV.metrics] || (onLambda ? 'emf' : 'log');
  if (metrics !== 'emf' && metrics !== 'log') throw new ConfigError(`${ENV.metrics} is ${JSON.stringify(metrics)}: use emf (CloudWatch embedded metric format on stdout) or log (the debug log)`);
  return { tracing: onLambda && env[ENV.tracing]?.toLowerCase() !== 'false', metrics };
}

/** Builds the Config from an environment, throwing ConfigError naming the variable at fault. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const tableName = env[ENV.tableName];
  if (!tableName) throw new ConfigError(`${ENV.tableName} is not set: name the DynamoDB table`);

  const value = env[ENV.adminToken];
  const secretArn = env[ENV.adminTokenSecretArn];
  if (!value && !secretArn) {
    throw new ConfigError(`set ${ENV.adminToken} (local mode) or ${ENV.adminTokenSecretArn} (AWS)`);
  }
  if (value !== undefined && value.length < 16) {
    throw new ConfigError(`${ENV.adminToken} is too short (${value.length} characters): use at least 16`);
  }

  const rawMax = env[ENV.maxClusterBytes];
  const maxClusterBytes = rawMax === undefined ? DEFAULT_MAX_CLUSTER_BYTES : Number(rawMax);
  if (!Number.isInteger(maxClusterBytes) || maxClusterBytes < 1024 || maxClusterBytes > DEFAULT_MAX_CLUSTER_BYTES) {
    throw new ConfigError(
      `${ENV.maxClusterBytes} is ${JSON.stringify(rawMax)}: use a whole number of bytes from 1024 to ${DEFAULT_MAX_CLUSTER_BYTES}`,
    );
  }

  return {
    tableName,
    dynamoEndpoint: env[ENV.dynamoEndpoint] || undefined,
    adminToken: value ? { kind: 'value', value } : { kind: 'secret', secretArn: secretArn as string },
    maxClusterBytes,
    ...(env[ENV.kubeApiCertificateAuthority] ? { kubeApiCertificateAuthority: env[ENV.kubeApiCertificateAuthority] } : {}),
    ...seatHold(env),
    ...terminalConfig(env),
    ...(env[ENV.soleWriter] === '1' ? { soleWriter: true } : {}),
    ...(env[ENV.verifyStoredText] === '1' ? { verifyStoredText: true } : {}),
    ...kubeApiUrl(env),
    ...containersConfig(env),
  };
}

/** What the live picture's push function needs: the table, and where to send (handlers/picture-push.ts). */
export interface PushConfig {
  readonly tableName: string;
  readonly dynamoEndpoint: string | undefined;
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>`: PostToConnection's endpoint. */
  readonly connectionsUrl: string;
}

/** Builds the push function's PushConfig, throwing ConfigError naming the variable at fault. */
export function loadPushConfig(env: Readonly<Record<string, string | undefined>>): PushConfig {
  const tableName = env[ENV.tableName];
  if (!tableName) throw new ConfigError(`${ENV.tableName} is not set: name the DynamoDB table`);
  const raw = env[ENV.connectionsUrl];
  if (!raw || !/^https:\/\/[^/\s]+\/[^/\s]+$/.test(raw.replace(/\/+$/, ''))) {
    throw new ConfigError(`${ENV.connectionsUrl} is ${JSON.stringify(raw)}: give the WebSocket stage's https URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/changes`);
  }
  return { tableName, dynamoEndpoint: env[ENV.dynamoEndpoint] || undefined, connectionsUrl: raw.replace(/\/+$/, '') };
}

function kubeApiUrl(env: Readonly<Record<string, string | undefined>>): { kubeApiUrl?: string } {
  const raw = env[ENV.kubeApiUrl];
  if (!raw) return {};
  const url = raw.replace(/\/+$/, '');
  if (!/^https:\/\/[^/\s]+$/.test(url)) throw new ConfigError(`${ENV.kubeApiUrl} is ${JSON.stringify(raw)}: give an https URL with no path, e.g. https://abc.lambda-url.eu-west-1.on.aws/`);
  return { kubeApiUrl: url };
}

function containersConfig(env: Readonly<Record<string, string | undefined>>): { containers?: ContainersConfig } {
  const clusterArn = env[ENV.containersCluster];
  if (!clusterArn) return {};
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new ConfigError(`${name} is not set: with ${ENV.containersCluster} set, real containers need it too (the KubelabContainers stack's outputs)`);
    return value;
  };
  const architecture = env[ENV.containersArchitecture] || 'ARM64';
  if (architecture !== 'ARM64' && architecture !== 'X86_64') throw new ConfigError(`${ENV.containersArchitecture} is ${JSON.stringify(architecture)}: use ARM64 or X86_64`);
  return {
    containers: {
      clusterArn,
      subnetIds: need(ENV.containersSubnets).split(',').map((s) => s.trim()).filter(Boolean),
      vpcId: need(ENV.containersVpc),
      executionRoleArn: need(ENV.containersExecutionRole),
      taskRoleArn: need(ENV.containersTaskRole),
      logGroupName: need(ENV.containersLogGroup),
      architecture,
    },
  };
}

function seatHold(env: Readonly<Record<string, string | undefined>>): { seatHoldMs?: number } {
  const raw = env[ENV.seatHoldSeconds];
  if (raw === undefined || raw === '') return {};
  const seconds = Number(raw);
  // Below Lambda's longest run, a reconciler could undo an enrolment still running: allowed, for tests and local mode only.
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
    throw new ConfigError(`${ENV.seatHoldSeconds} is ${JSON.stringify(raw)}: use whole seconds from 1 to 86400 (default 900)`);
  }
  return { seatHoldMs: seconds * 1000 };
}

function terminalConfig(env: Readonly<Record<string, string | undefined>>): { terminal?: TerminalConfig } {
  const kubectlPath = env[ENV.kubectl];
  if (!kubectlPath) return {};
  if (!isAbsolute(kubectlPath)) throw new ConfigError(`${ENV.kubectl} is ${JSON.stringify(kubectlPath)}: give the kubectl binary's absolute path`);
  const workDir = env[ENV.terminalDir] || join(tmpdir(), 'kubelab-terminal');
  if (!isAbsolute(workDir)) throw new ConfigError(`${ENV.terminalDir} is ${JSON.stringify(workDir)}: give an absolute directory`);
  return { terminal: { kubectlPath, workDir } };
}
