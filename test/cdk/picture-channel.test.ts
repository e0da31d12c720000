/**
 * The live picture's push channel on AWS, asserted on the synthesized templates: the table's stream,
 * the WebSocket API's routes (a function for $connect and $disconnect, a mock for the pings), the
 * push function's event source filtered to stable VERSION marks, its one right to post to this
 * stage's connections, access logs that carry no header (the token is a subprotocol), and the
 * CloudFront path that puts the socket on the page's own origin.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Validations, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CHANGES_PATH } from '#adapters/http/picture-socket.ts';
import { ENV } from '#handlers/env.ts';
import { addKubelabStacks, type KubelabStacks } from '#lib/index.ts';
import { CHANGES_STAGE } from '#lib/constructs/picture-channel.ts';
import { findings, testApp, type Json } from '../support/cdk.ts';

let app: App;
let stacks: KubelabStacks;
let api: Template;
let site: Template;

beforeAll(() => {
  app = testApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  stacks = addKubelabStacks(app);
  api = Template.fromStack(stacks.api);
  site = Template.fromStack(stacks.site);
});

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The function of the API stack with this service name, and the statements of its role's policies. */
function fn(serviceName: string): { id: string; properties: Json; statements: Json[] } {
  const [id, resource] = Object.entries(api.findResources('AWS::Lambda::Function')).find(([, r]) => (r as Json).Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === serviceName)!;
  const role = (resource as Json).Properties.Role['Fn::GetAtt'][0];
  const statements = Object.values(api.findResources('AWS::IAM::Policy'))
    .filter((policy: Json) => policy.Properties.Roles.some((r: Json) => r.Ref === role))
    .flatMap((policy: Json) => policy.Properties.PolicyDocument.Statement as Json[]);
  return { id, properties: (resource as Json).Properties, statements };
}

describe("the live picture's push channel", () => {
  it('streams the new and old images of the table, which keeps its TTL', () => {
    Template.fromStack(stacks.data).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('routes $connect and $disconnect to the sockets function and answers $default (pings) with a mock, no function', () => {
    const integrations = api.findResources('AWS::ApiGatewayV2::Integration');
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).map((route: Json) => route.Properties);
    const integrationOf = (key: string) => {
      const route = routes.find((r) => r.RouteKey === key)!;
      const id = (route.Target['Fn::Join'][1] as unknown[]).find((part) => typeof part === 'object') as Json;
      return (integrations[id.Ref] as Json).Properties;
    };
    const sockets = fn('kubelab-picture-socket');
    for (const key of ['$connect', '$disconnect']) {
      expect(integrationOf(key).IntegrationType).toBe('AWS_PROXY');
      expect(JSON.stringify(integrationOf(key).IntegrationUri)).toContain(sockets.id);
    }
    expect(integrationOf('$default')).toMatchObject({ IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode": 200}' }, TemplateSelectionExpression: '\\$default' });
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
  });

  it('gives the push function PostToConnection on this stage only, and no other right of API Gateway', () => {
    const push = fn('kubelab-picture-push');
    const executeApi = push.statements.filter((s) => asArray(s.Action).some((a: string) => a.startsWith('execute-api:')));
    expect(executeApi).toHaveLength(1);
    expect(executeApi[0]!.Action).toBe('execute-api:ManageConnections');
    const resource = JSON.stringify(executeApi[0]!.Resource);
    expect(resource).toContain(`/${CHANGES_STAGE}/POST/@connections/*`);
    expect(resource).toContain(stacks.api.getLogicalId(stacks.api.pictureChannel.api.node.defaultChild as never));
    // The sockets function never posts.
    expect(fn('kubelab-picture-socket').statements.filter((s) => asArray(s.Action).some((a: string) => a.startsWith('execute-api:')))).toEqual([]);
    // It is told where to post: the stage's @connections endpoint.
    expect(JSON.stringify(push.properties.Environment.Variables[ENV.connectionsUrl])).toContain(`/${CHANGES_STAGE}`);
    // Neither function holds a token: the admin token is read from its secret.
    for (const name of ['kubelab-picture-socket', 'kubelab-picture-push']) expect(Object.keys(fn(name).properties.Environment.Variables)).not.toContain(ENV.adminToken);
  });

  it('runs the push only for VERSION items going from pending to stable, from the latest record, dropping a change older than a minute', () => {
    const mappings = Object.values(api.findResources('AWS::Lambda::EventSourceMapping')).map((m: Json) => m.Properties);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!;
    expect(mapping.FunctionName).toEqual({ Ref: fn('kubelab-picture-push').id });
    expect(mapping.StartingPosition).toBe('LATEST');
    expect(mapping.MaximumRecordAgeInSeconds).toBe(60);
    expect(mapping.FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['MODIFY'], dynamodb: { Keys: { sk: { S: ['VERSION'] } }, OldImage: { pending: [{ exists: true }] }, NewImage: { pending: [{ exists: false }] } } },
    ]);
  });

  it('logs each connect, message and disconnect without any header, where the token travels', () => {
    const stages = Object.values(api.findResources('AWS::ApiGatewayV2::Stage')).map((s: Json) => s.Properties).filter((s) => s.StageName === CHANGES_STAGE);
    expect(stages).toHaveLength(1);
    const { Format } = stages[0]!.AccessLogSettings;
    const fields = JSON.parse(Format) as Record<string, string>;
    expect(Object.values(fields)).toEqual(expect.arrayContaining(['$context.connectionId', '$context.eventType', '$context.routeKey', '$context.status']));
    expect(Format).not.toMatch(/header|protocol|authoriz|\$request/i);
    expect(stages[0]!.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
  });

  it("serves the socket on the page's origin: its path before /v1/*, to the WebSocket API, every header but Host, never cached", () => {
    const config = (Object.values(site.findResources('AWS::CloudFront::Distribution'))[0] as Json).Properties.DistributionConfig;
    const patterns = (config.CacheBehaviors as Json[]).map((b) => b.PathPattern);
    expect(patterns.indexOf(CHANGES_PATH)).toBeGreaterThanOrEqual(0);
    expect(patterns.indexOf(CHANGES_PATH)).toBeLessThan(patterns.indexOf('/v1/*'));
    const behavior = (config.CacheBehaviors as Json[]).find((b) => b.PathPattern === CHANGES_PATH)!;
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    const origin = (config.Origins as Json[]).find((o) => o.Id === behavior.TargetOriginId)!;
    // The WebSocket API's own domain, from its endpoint (wss://<id>.execute-api.<region>.amazonaws.com).
    expect(origin.DomainName['Fn::Select'][0]).toBe(2);
    expect(JSON.stringify(origin.DomainName)).toMatch(/PictureChannelApi\w*ApiEndpoint/);
    // The viewer function sends the path to the stage's own.
    const functionArn = behavior.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0];
    const code = (site.toJSON().Resources[functionArn] as Json).Properties.FunctionCode as string;
    expect(code).toContain(`request.uri = "/${CHANGES_STAGE}"`);
  });

  it("passes cdk-nag's AWS Solutions checks, what it found acknowledged next to its resource with a reason", () => {
    expect(findings(app.synth().directory)).toEqual([]);
  });
});
