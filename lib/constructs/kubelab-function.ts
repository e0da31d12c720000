/**
 * The one place Kubelab's Lambda settings live, so every function is built, traced and logged alike.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { Duration, Token, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { besideCommands, FUNCTION_BUNDLING, FUNCTION_NODE_OPTIONS, REPO_ROOT } from './bundling.ts';
import { powertoolsLayer } from './powertools-layer.ts';

/** Lambda's own memory limits, in MB. */
const MIN_MEMORY_MB = 128;
const MAX_MEMORY_MB = 10_240;
/** Lambda's own timeout limit. */
const MAX_TIMEOUT_SECONDS = 900;

/** Environment variables this construct sets itself; callers may not override them. */
const RESERVED_ENVIRONMENT = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'] as const;

/** Properties of a KubelabFunction. */
export interface KubelabFunctionProps {
  /**
   * The handler's source file, relative to the repository root (or absolute inside it),
   * e.g. `lambdas/handlers/api.ts`.
   */
  readonly entry: string;

  /**
   * Name of the exported handler function in `entry`.
   *
   * @default 'handler'
   */
  readonly handler?: string;

  /**
   * Service name stamped on every log line and trace (`POWERTOOLS_SERVICE_NAME`).
   * Lowercase letters, digits and dashes.
   */
  readonly serviceName: string;

  /**
   * What the function is for, shown in the Lambda console.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * Memory in MB, from 128 to 10240. Lambda gives CPU in proportion to memory.
   *
   * @default 1024
   */
  readonly memorySize?: number;

  /**
   * How long one invocation may run, from 1 second to 15 minutes.
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;

  /**
   * How long the function's logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;

  /**
   * Extra environment variables. `NODE_OPTIONS` and `POWERTOOLS_SERVICE_NAME` are set by this
   * construct and may not be given here.
   *
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;

  /**
   * The processor architecture. A function that runs a binary of a layer needs the layer's
   * (the kubectl layer's binaries are x86_64).
   *
   * @default Architecture.ARM_64
   */
  readonly architecture?: Architecture;

  /**
   * Lambda layers mounted under /opt (the kubectl layer for the web terminal), besides the
   * Powertools layer every function has.
   *
   * @default - none
   */
  readonly layers?: readonly ILayerVersion[];
}

/**
 * A Node.js 22 Lambda function (ARM64 unless told otherwise) bundled from TypeScript by the project's own esbuild
 * (no Docker), with X-Ray tracing, the Powertools layer, source maps and a log group with a retention.
 */
export class KubelabFunction extends Construct {
  /** The Lambda function. */
  readonly function: NodejsFunction;
  /** The log group the function writes to. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: KubelabFunctionProps) {
    super(scope, id);
    const entry = validateProps(props);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });

    // Our own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (logs on every log group in the account); this one may write
    // to its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.serviceName} function`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: props.architecture ?? Architecture.ARM_64,
      // Logger, Metrics and Tracer are external to the bundle: the Powertools layer provides them.
      layers: [powertoolsLayer(this), ...(props.layers ?? [])],
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      environment: {
        ...props.environment,
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
      },
      bundling: {
        // The same settings bench/bundles.ts and the bundle tests build with (./bundling.ts).
        ...FUNCTION_BUNDLING,
        format: OutputFormat.ESM,
        mainFields: [...FUNCTION_BUNDLING.mainFields],
        sourceMapMode: SourceMapMode.DEFAULT,
        bundleAwsSDK: true,
        externalModules: [...FUNCTION_BUNDLING.externalModules],
        // esbuild is a devDependency, so CDK bundles locally and offline; Docker is not needed.
        forceDockerBundling: false,
        // Packages imported only on some requests (yaml) are built beside the bundle, not into it.
        commandHooks: { beforeInstall: () => [], beforeBundling: () => [], afterBundling: besideCommands },
      },
    });

    // X-Ray's PutTraceSegments and PutTelemetryRecords do not support resource-level permissions,
    // so Tracing.ACTIVE necessarily grants them on "*".
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; the wildcard is only on those two actions.',
    });
    // Node 22 is a chosen runtime, not a stale one: moving to a newer one is a deliberate change,
    // made here together with the esbuild target.
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Kubelab targets the Node.js 22 Lambda runtime (a supported LTS; esbuild target node22); a runtime upgrade is a deliberate change made here together with the bundle target.',
    });
  }
}

/** Checks the props before anything is built; returns the absolute entry path. */
function validateProps(props: KubelabFunctionProps): string {
  const entry = resolve(REPO_ROOT, props.entry);
  const fromRoot = relative(REPO_ROOT, entry);
  if (fromRoot.startsWith('..') || isAbsolute(fromRoot)) {
    throw new Error(`entry is ${JSON.stringify(props.entry)}: give a handler file inside the repository (${REPO_ROOT})`);
  }
  if (!/\.(ts|mts|js|mjs)$/.test(entry)) {
    throw new Error(`entry is ${JSON.stringify(props.entry)}: give a .ts, .mts, .js or .mjs handler file`);
  }
  if (!existsSync(entry)) {
    throw new Error(`entry is ${JSON.stringify(props.entry)} but ${entry} does not exist: give the handler's source file`);
  }
  if (props.handler !== undefined && !/^[A-Za-z_$][\w$]*$/.test(props.handler)) {
    throw new Error(`handler is ${JSON.stringify(props.handler)}: give the name of the exported function, e.g. "handler"`);
  }
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(props.serviceName)) {
    throw new Error(
      `serviceName is ${JSON.stringify(props.serviceName)}: use 1 to 63 lowercase letters, digits and dashes, starting with a letter`,
    );
  }
  const memorySize = props.memorySize;
  if (
    memorySize !== undefined &&
    !Token.isUnresolved(memorySize) &&
    (!Number.isInteger(memorySize) || memorySize < MIN_MEMORY_MB || memorySize > MAX_MEMORY_MB)
  ) {
    throw new Error(`memorySize is ${memorySize}: use a whole number of MB from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}`);
  }
  const timeout = props.timeout;
  if (timeout !== undefined && !timeout.isUnresolved()) {
    const ms = timeout.toMilliseconds();
    if (ms < 1000 || ms % 1000 !== 0 || ms > MAX_TIMEOUT_SECONDS * 1000) {
      throw new Error(`timeout is ${timeout.toHumanString()}: use whole seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
    }
  }
  for (const name of RESERVED_ENVIRONMENT) {
    if (props.environment && name in props.environment) {
      throw new Error(`environment sets ${name}: leave it out, KubelabFunction sets ${name} itself`);
    }
  }
  return entry;
}
