/**
 * Kubelab's stateless resources: the course API and the Kubernetes API (HTTP API + Lambda) and the admin token.
 * Everything here can be destroyed and redeployed without losing learners' data, which lives in
 * KubelabDataStack and arrives as a typed prop.
 */
import { CfnOutput, Duration, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { Architecture, FunctionUrlAuthType, InvokeMode, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { KubectlV32Layer } from '@aws-cdk/lambda-layer-kubectl-v32';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { INDEXES } from '#adapters/dynamo/table-definition.ts';
import { KUBE_ROOT_PATHS } from '#adapters/http/kube-request.ts';
import { ENV, STREAMED_WATCH_MS } from '#handlers/env.ts';
import { streamConcurrencyFor, throttleFor } from './capacity.ts';
import { KubelabFunction } from './constructs/kubelab-function.ts';
import { PictureChannel } from './constructs/picture-channel.ts';

/**
 * The DynamoDB actions the course API's code issues, and nothing else: no Scan (the single-table
 * layout never needs one, and a Scan would read every learner's data), no table management, no
 * transaction, and of the batches only BatchGetItem: the instructor's matrix reads the health
 * figures of a cohort's clusters a hundred at a time. Query is the only one that also applies to an
 * index. test/cdk/grants.test.ts checks these lists against the commands each bundle's code sends
 * (lib/constructs/dynamo-actions.ts): none missing, none unused.
 */
const ITEM_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'] as const;
const INDEX_ACTIONS = ['dynamodb:Query'] as const;

/**
 * What the Kubernetes API function issues: GetItem (tokens, cohorts, clusters), PutItem (the
 * conditional save of a cluster) and UpdateItem (its VERSION item: the version pending, then stable
 * with the health figures). It never queries or deletes an item.
 */
const KUBE_API_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/**
 * API Gateway ends an integration at 30 s; the function answers a buffered watch after at most
 * 20 s (lambdas/adapters/http/kube-http.ts), and needs the rest for the request around it.
 */
const KUBE_API_TIMEOUT = Duration.seconds(28);

/** The streaming Kubernetes API outlasts its longest watch (STREAMED_WATCH_MS) by a minute. */
const KUBE_STREAM_TIMEOUT = Duration.millis(STREAMED_WATCH_MS + 60_000);

/** Where AWS's kubectl layer puts kubectl v1.32 (the layer's zip holds `kubectl/kubectl`, mounted at /opt). */
const LAYER_KUBECTL = '/opt/kubectl/kubectl';

/**
 * The terminal runs kubectl beside the Kubernetes API handler: a full vCPU (1,769 MB) so a command
 * answers in the time of a click, and API Gateway's 30 s less the commands' own 25 s limit.
 */
const TERMINAL_MEMORY_MB = 1769;
const TERMINAL_TIMEOUT = Duration.seconds(29);

/** The class the API is sized for unless told otherwise (`-c kubelab:learners=N`): a large classroom. */
export const DEFAULT_LEARNERS = 100;

/** Properties of the KubelabApiStack. */
export interface KubelabApiStackProps extends StackProps {
  /** The table from KubelabDataStack. */
  readonly table: ITableV2;

  /**
   * The largest class online at once, which sizes the API's throttle and the streaming Kubernetes
   * API's concurrency (lib/capacity.ts).
   *
   * @default DEFAULT_LEARNERS
   */
  readonly learners?: number;

  /**
   * Throttling of the whole API's default stage (requests per second, steady and burst).
   *
   * @default throttleFor(learners) (lib/capacity.ts): what the class sends, with headroom
   */
  readonly throttle?: ThrottleSettings;

  /**
   * Origins of the learner's page where it is served apart from the API (its CloudFront domain,
   * `https://d1234.cloudfront.net`): the only origins whose browser requests the API answers with
   * CORS headers. Each is a scheme and host (and port), without a path.
   *
   * @default - none: the page is served from the API's own origin and needs no CORS
   */
  readonly siteOrigins?: readonly string[];

  /**
   * How long API access logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: RetentionDays;
}

/** The course API and the Kubernetes API behind an API Gateway HTTP API, and the secret holding the instructors' admin token. */
export class KubelabApiStack extends Stack {
  /** The HTTP API. */
  readonly api: HttpApi;
  /** The stage serving the API at the root of its endpoint. */
  readonly stage: HttpStage;
  /** The course API function. */
  readonly courseApi: KubelabFunction;
  /** The Kubernetes API function: every learner's cluster under /v1/clusters/{clusterId}, and the API server's root paths. */
  readonly kubeApi: KubelabFunction;
  /** The web terminal's function: the real kubectl (AWS's kubectl layer, x86_64) against the learner's cluster over loopback. */
  readonly terminal: KubelabFunction;
  /** The Kubernetes API again, behind a function URL that streams: what learners' own kubectl talks to. */
  readonly kubeStream: KubelabFunction;
  /** The streaming function URL (ends in `/`): the server of learners' kubeconfigs. */
  readonly kubeStreamUrl: string;
  /** The instructors' admin bearer token. */
  readonly adminToken: Secret;
  /** The live picture's push channel: the WebSocket API and its two functions. */
  readonly pictureChannel: PictureChannel;

  constructor(scope: Construct, id: string, props: KubelabApiStackProps) {
    super(scope, id, props);
    const learners = props.learners ?? DEFAULT_LEARNERS;
    const throttle = validateThrottle(props.throttle ?? throttleFor(learners));
    const { table } = props;

    // Generated on deploy and never in the template or the function's environment: the function
    // gets only the ARN and reads the value at run time. Letters and digits only, so it can be
    // pasted into an Authorization header as is. It lives in this stateless stack because it can
    // be regenerated at no loss: instructors read the new value with the command output below.
    this.adminToken = new Secret(this, 'AdminToken', {
      description: 'Kubelab instructor admin bearer token',
      generateSecretString: {
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
        requireEachIncludedType: true,
      },
    });
    Validations.of(this.adminToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A static bearer token instructors paste into their tools; Secrets Manager has no managed rotation for an opaque token, and silent rotation would lock instructors out mid-lesson. Rotate by hand with put-secret-value.',
    });

    this.courseApi = new KubelabFunction(this, 'CourseApi', {
      entry: 'lambdas/handlers/api.ts',
      serviceName: 'kubelab-course-api',
      description: 'Kubelab course API: cohorts, learners, clusters, grading',
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.adminTokenSecretArn]: this.adminToken.secretArn,
      },
    });
    const fn = this.courseApi.function;

    // Not table.grantReadWriteData(): that adds Scan, BatchWriteItem, ConditionCheckItem,
    // DescribeTable and the stream reads, on the table and on a wildcard `index/*`. The function
    // gets the actions its code issues, on the table and on the indexes the table definition names.
    Grant.addToPrincipal({ grantee: fn, actions: [...ITEM_ACTIONS], resourceArns: [table.tableArn] });
    Grant.addToPrincipal({
      grantee: fn,
      actions: [...INDEX_ACTIONS],
      resourceArns: INDEXES.map((index) => `${table.tableArn}/index/${index.name}`),
    });
    this.adminToken.grantRead(fn);

    // The Kubernetes API's two functions: the same service, with the same configuration and rights.
    const kubeFunction = (id: string, entry: string, serviceName: string, description: string, timeout: Duration) => {
      const made = new KubelabFunction(this, id, {
        entry,
        serviceName,
        description,
        timeout,
        environment: {
          [ENV.tableName]: table.tableName,
          [ENV.adminTokenSecretArn]: this.adminToken.secretArn,
        },
      });
      Grant.addToPrincipal({ grantee: made.function, actions: [...KUBE_API_ITEM_ACTIONS], resourceArns: [table.tableArn] });
      this.adminToken.grantRead(made.function);
      return made;
    };
    this.kubeApi = kubeFunction(
      'KubeApi',
      'lambdas/handlers/kube.ts',
      'kubelab-kube-api',
      "Kubelab Kubernetes API: each learner's simulated cluster, for kubectl and the client libraries",
      KUBE_API_TIMEOUT,
    );
    const kubeFn = this.kubeApi.function;

    // The same API where watches stream (handlers/kube-stream.ts): a function URL with response
    // streaming, which API Gateway cannot do. The function authenticates every request itself, as
    // behind API Gateway, so the URL needs no IAM auth; its reserved concurrency caps a runaway.
    this.kubeStream = kubeFunction(
      'KubeStream',
      'lambdas/handlers/kube-stream.ts',
      'kubelab-kube-stream',
      "Kubelab Kubernetes API with streaming watches: learners' own kubectl, through a function URL",
      KUBE_STREAM_TIMEOUT,
    );
    const streamFn = this.kubeStream.function;
    (streamFn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = streamConcurrencyFor(learners);
    const streamUrl = streamFn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.RESPONSE_STREAM });
    this.kubeStreamUrl = streamUrl.url;
    // Learners' kubeconfigs name it, so their kubectl watches stream.
    fn.addEnvironment(ENV.kubeApiUrl, streamUrl.url);

    this.terminal = new KubelabFunction(this, 'Terminal', {
      entry: 'lambdas/handlers/terminal-api.ts',
      serviceName: 'kubelab-terminal',
      description: "Kubelab web terminal: the real kubectl v1.32 against the learner's own simulated cluster",
      architecture: Architecture.X86_64,
      layers: [new KubectlV32Layer(this, 'KubectlLayer')],
      memorySize: TERMINAL_MEMORY_MB,
      timeout: TERMINAL_TIMEOUT,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.adminTokenSecretArn]: this.adminToken.secretArn,
        [ENV.kubectl]: LAYER_KUBECTL,
        [ENV.terminalDir]: '/tmp/kubelab-terminal',
      },
    });
    const terminalFn = this.terminal.function;
    // It serves the Kubernetes API to its own kubectl, so it needs what the Kubernetes API function needs.
    Grant.addToPrincipal({ grantee: terminalFn, actions: [...KUBE_API_ITEM_ACTIONS], resourceArns: [table.tableArn] });
    this.adminToken.grantRead(terminalFn);

    this.pictureChannel = new PictureChannel(this, 'PictureChannel', {
      table,
      adminToken: this.adminToken,
      learners,
      ...(props.accessLogRetention ? { accessLogRetention: props.accessLogRetention } : {}),
    });

    const siteOrigins = validateOrigins(props.siteOrigins ?? []);
    this.api = new HttpApi(this, 'Api', {
      apiName: 'kubelab-course-api',
      description: 'Kubelab course API',
      ...(siteOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...siteOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
              allowHeaders: ['authorization', 'content-type', 'accept', 'idempotency-key'],
              exposeHeaders: ['location', 'retry-after'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
      // Our own $default stage below, so it can have access logs and throttling.
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: accessLogFormat(),
      },
    });

    // `/v1/{proxy+}` hands every course API path (GET /v1/health included) to the function,
    // whose router owns the paths; API Gateway only fronts it.
    const courseRoutes = this.api.addRoutes({
      path: '/v1/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('CourseApiIntegration', fn),
    });
    // The more specific route wins: everything under a cluster's base URL is the Kubernetes API.
    // So are the API server's root paths (`kubectl get --raw /healthz` drops the base URL's path):
    // the function finds the cluster from the learner's token. One integration serves them all.
    const kubeIntegration = new HttpLambdaIntegration('KubeApiIntegration', kubeFn);
    const kubePaths = ['/v1/clusters/{proxy+}', ...KUBE_ROOT_PATHS.flatMap((root) => [root, `${root}/{proxy+}`])];
    const kubeRoutes = kubePaths.flatMap((path) => this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration: kubeIntegration }));
    // The terminal's two routes go to its own function (x86_64, with the kubectl layer).
    const terminalIntegration = new HttpLambdaIntegration('TerminalIntegration', terminalFn);
    const terminalRoutes = ['/v1/me/terminal', '/v1/me/terminal/interrupt'].flatMap((path) =>
      this.api.addRoutes({ path, methods: [HttpMethod.POST], integration: terminalIntegration }),
    );
    for (const route of [...courseRoutes, ...kubeRoutes, ...terminalRoutes]) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The course and Kubernetes APIs authenticate every request themselves with bearer tokens (the admin token from Secrets Manager, learner and grader tokens stored hashed in DynamoDB), answer with their own error vocabularies (kubectl needs a Kubernetes Status on 401) and serve GET /v1/health unauthenticated; a gateway authorizer would duplicate that check.',
      });
    }

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the course API', value: this.stage.url });
    new CfnOutput(this, 'KubeconfigCommand', {
      description: "Downloads a learner's kubeconfig for a real kubectl (set TOKEN to the learner's token)",
      value: `curl -fsS -H "Authorization: Bearer $TOKEN" ${this.stage.url}v1/me/kubeconfig -o kubelab.kubeconfig`,
    });
    new CfnOutput(this, 'KubeApiUrl', { description: "The Kubernetes API with streaming watches: the server in learners' kubeconfigs", value: streamUrl.url });
    new CfnOutput(this, 'PictureChangesUrl', {
      description: "The live picture's WebSocket API (the page connects through the site's /v1/me/cluster/changes)",
      value: this.pictureChannel.stage.url,
    });
    new CfnOutput(this, 'TableName', { description: 'DynamoDB table of the course', value: table.tableName });
    new CfnOutput(this, 'AdminTokenSecretName', {
      description: 'Secrets Manager secret holding the instructor admin token',
      value: this.adminToken.secretName,
    });
    new CfnOutput(this, 'AdminTokenCommand', {
      description: 'Prints the instructor admin token',
      // The ARN, not the name: it is exact, where the name is parsed back out of the ARN.
      value: `aws secretsmanager get-secret-value --region ${this.region} --secret-id ${this.adminToken.secretArn} --query SecretString --output text`,
    });
  }
}

/** Fails on an origin a browser would never send: CORS compares the scheme, host and port exactly. */
function validateOrigins(origins: readonly string[]): readonly string[] {
  for (const origin of origins) {
    if (Token.isUnresolved(origin)) continue;
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin) && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin)) {
      throw new Error(`siteOrigins has ${JSON.stringify(origin)}: use an https origin without a path, such as https://d1234.cloudfront.net`);
    }
  }
  return origins;
}

/** Fails on a throttle API Gateway would reject or that would shut the API. */
function validateThrottle(throttle: ThrottleSettings): ThrottleSettings {
  const { rateLimit, burstLimit } = throttle;
  if (rateLimit !== undefined && !Token.isUnresolved(rateLimit) && !(rateLimit > 0)) {
    throw new Error(`throttle.rateLimit is ${rateLimit}: use a positive number of requests per second`);
  }
  if (burstLimit !== undefined && !Token.isUnresolved(burstLimit) && !(Number.isInteger(burstLimit) && burstLimit > 0)) {
    throw new Error(`throttle.burstLimit is ${burstLimit}: use a positive whole number of requests`);
  }
  return throttle;
}

/** One JSON object per request, with HTTP API context variables only (no request bodies or headers). */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      requestTime: AccessLogField.contextRequestTime(),
      sourceIp: AccessLogField.contextIdentitySourceIp(),
      userAgent: AccessLogField.contextIdentityUserAgent(),
      httpMethod: AccessLogField.contextHttpMethod(),
      path: AccessLogField.contextPath(),
      routeKey: AccessLogField.contextRouteKey(),
      protocol: AccessLogField.contextProtocol(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      integrationError: AccessLogField.contextIntegrationErrorMessage(),
    }),
  );
}
