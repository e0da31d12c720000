/**
 * The live picture's push channel on AWS (docs/ARCHITECTURE.md, "The push channel"): an API Gateway
 * WebSocket API whose $connect and $disconnect go to one function (handlers/picture-socket.ts:
 * authenticate the learner's token, keep or forget the socket's items), whose $default (the page's
 * keep-alive pings) is answered by a mock integration, so no function runs for them; and the push
 * function (handlers/picture-push.ts) on the table's stream, filtered to VERSION items going from
 * `pending` to stable (the cluster store's markStable), which posts "changed" to the cluster's
 * sockets through the stage's `@connections` API.
 */
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration, WebSocketMockIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { KEY } from '#adapters/dynamo/table-definition.ts';
import { ENV } from '#handlers/env.ts';
import { KubelabFunction } from './kubelab-function.ts';

/** The WebSocket stage's name: the last part of its URL, and of the `@connections` endpoint. */
export const CHANGES_STAGE = 'changes';

/**
 * What the WebSocket routes' function issues: GetItem (the token, the cohort, a closing socket's
 * cluster), Query (a learner's sockets, for the cap), PutItem and DeleteItem (the socket's two items).
 */
const SOCKET_ITEM_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'] as const;
/** What the push function issues: Query (the cluster's sockets), DeleteItem (a gone one's items), and GetItem in that same member, unused when the cluster is known. */
const PUSH_ITEM_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query'] as const;

/** Properties of the PictureChannel. */
export interface PictureChannelProps {
  /** The table, with a stream of new and old images (KubelabDataStack). */
  readonly table: ITableV2;
  /** The instructors' admin token, which the token check reads first (an admin token is refused with 403). */
  readonly adminToken: ISecret;
  /** The largest class at once: sizes the stage's throttle. */
  readonly learners: number;
  /**
   * How long the WebSocket stage's access logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: RetentionDays;
}

/** The WebSocket API, its stage, and the two functions of the live picture's push channel. */
export class PictureChannel extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  /** $connect and $disconnect. */
  readonly sockets: KubelabFunction;
  /** The push on the table's stream. */
  readonly push: KubelabFunction;

  constructor(scope: Construct, id: string, props: PictureChannelProps) {
    super(scope, id);
    const { table, adminToken } = props;
    if (!table.tableStreamArn) throw new Error('the table has no stream: give KubelabDataStack\'s table (dynamoStream NEW_AND_OLD_IMAGES), which the push function reads');
    if (!(Number.isInteger(props.learners) && props.learners >= 1)) throw new Error(`learners is ${props.learners}: use a whole number of at least 1`);

    this.sockets = new KubelabFunction(this, 'Sockets', {
      entry: 'lambdas/handlers/picture-socket.ts',
      serviceName: 'kubelab-picture-socket',
      description: "Kubelab live picture: opens and closes learners' WebSockets (token check, the socket's items)",
      timeout: Duration.seconds(10),
      environment: { [ENV.tableName]: table.tableName, [ENV.adminTokenSecretArn]: adminToken.secretArn },
    });
    Grant.addToPrincipal({ grantee: this.sockets.function, actions: [...SOCKET_ITEM_ACTIONS], resourceArns: [table.tableArn] });
    adminToken.grantRead(this.sockets.function);

    const socketIntegration = new WebSocketLambdaIntegration('SocketsIntegration', this.sockets.function);
    this.api = new WebSocketApi(this, 'Api', {
      apiName: 'kubelab-picture-changes',
      description: "Kubelab live picture: tells a learner's page when their cluster changed",
      connectRouteOptions: { integration: socketIntegration },
      disconnectRouteOptions: { integration: socketIntegration },
      // A mock answers only with a status its request template gives it; there is no route response,
      // so the page hears nothing back for its ping.
      defaultRouteOptions: {
        integration: new WebSocketMockIntegration('PingIntegration', { requestTemplates: { $default: '{"statusCode": 200}' }, templateSelectionExpression: '\\$default' }),
      },
    });
    // Each learner opens a socket when the page loads and again after API Gateway's 2-hour limit or
    // a lost network, and pings every 5 minutes: a class sends a few messages a second at most.
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: CHANGES_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: Math.max(10, props.learners), burstLimit: Math.max(20, 2 * props.learners) },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH });
    (this.stage.node.defaultChild as CfnStage).accessLogSettings = { destinationArn: accessLogs.logGroupArn, format: accessLogFormat() };

    this.push = new KubelabFunction(this, 'Push', {
      entry: 'lambdas/handlers/picture-push.ts',
      serviceName: 'kubelab-picture-push',
      description: "Kubelab live picture: tells a cluster's open WebSockets that it changed (DynamoDB stream)",
      timeout: Duration.seconds(30),
      environment: { [ENV.tableName]: table.tableName, [ENV.connectionsUrl]: this.stage.callbackUrl },
    });
    Grant.addToPrincipal({ grantee: this.push.function, actions: [...PUSH_ITEM_ACTIONS], resourceArns: [table.tableArn] });
    // execute-api:ManageConnections for POST on this stage's @connections only (the stage's own
    // grantManagementApiAccess allows every method: GET and DELETE of a connection too, which the code never sends).
    Grant.addToPrincipal({ grantee: this.push.function, actions: ['execute-api:ManageConnections'], resourceArns: [this.postToConnectionArn()] });
    this.push.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        // Only a VERSION item going from pending to stable: markPending writes `pending`, markStable
        // takes it away once the cluster item holds that version. Other writes of the item (health
        // figures a read refreshes) keep it stable and are not news; Lambda is not invoked, nor
        // billed, for them or for any other item.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('MODIFY'),
            dynamodb: {
              Keys: { [KEY.sort]: { S: FilterRule.isEqual('VERSION') } },
              OldImage: { pending: FilterRule.exists() },
              NewImage: { pending: FilterRule.notExists() },
            },
          }),
        ],
        batchSize: 100,
        // A change is news for seconds: a batch that keeps failing is dropped rather than retried for a day.
        retryAttempts: 2,
        maxRecordAge: Duration.minutes(1),
      }),
    );

    this.acknowledge();
  }

  /** `arn:…:execute-api:<region>:<account>:<api>/changes/POST/@connections/*`: PostToConnection on this stage. */
  postToConnectionArn(): string {
    return Stack.of(this).formatArn({ service: 'execute-api', resource: this.api.apiId, resourceName: `${CHANGES_STAGE}/POST/@connections/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }

  private acknowledge(): void {
    for (const route of [this.api.node.tryFindChild('$connect-Route'), this.api.node.tryFindChild('$disconnect-Route'), this.api.node.tryFindChild('$default-Route')]) {
      if (!route) continue;
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          "$connect's function authenticates the learner's bearer token itself (offered as a subprotocol, as a browser cannot set headers on a WebSocket) and refuses the upgrade otherwise, as the HTTP API's functions do; $disconnect and $default belong to a connection already authenticated and cannot have authorizers.",
      });
    }
    const stack = Stack.of(this);
    const policy = this.push.function.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${stack.getLogicalId(this.api.node.defaultChild as never)}>/${CHANGES_STAGE}/POST/@connections/*]`,
        reason: 'PostToConnection to any connection of this one stage: connection ids are made by API Gateway at each connect, so they cannot be named in advance.',
      });
    }
  }
}

/** One JSON object per connect, message and disconnect, with context variables only: no headers (the token is a subprotocol header). */
function accessLogFormat(): string {
  return JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    eventType: '$context.eventType',
    routeKey: '$context.routeKey',
    connectionId: '$context.connectionId',
    sourceIp: '$context.identity.sourceIp',
    status: '$context.status',
    integrationLatency: '$context.integrationLatency',
    error: '$context.error.message',
  });
}
