/**
 * The Kubernetes API's share of the CDK app, asserted on the synthesized template: its own
 * function, the routes under /v1/clusters/ and at the API server's root paths, least-privilege grants, a timeout that outlasts a
 * bounded watch, and a small bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ENV, STREAMED_WATCH_MS } from '#handlers/env.ts';
import { addKubelabStacks, type KubelabStacks } from '#lib/index.ts';
import { linkLayerStandIn } from '#lib/constructs/bundling.ts';

type Json = Record<string, any>;
const run = promisify(execFile);
const outdirs: string[] = [];

function testApp(bundle = false): App {
  const outdir = mkdtempSync(join(tmpdir(), 'kubelab-cdk-kube-'));
  outdirs.push(outdir);
  return new App({ outdir, context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
}

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function kubeFunction(template: Template): { id: string; resource: Json } {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, r]) => (r as Json).Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'kubelab-kube-api',
  );
  expect(found).toHaveLength(1);
  return { id: found[0]![0], resource: found[0]![1] as Json };
}

describe('the Kubernetes API in the CDK app', () => {
  let stacks: KubelabStacks;
  let api: Template;

  beforeAll(() => {
    stacks = addKubelabStacks(testApp());
    api = Template.fromStack(stacks.api);
  });

  it('runs in its own function with the shared settings and a timeout past a bounded watch', () => {
    const { resource } = kubeFunction(api);
    expect(resource.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 28, TracingConfig: { Mode: 'Active' } });
    const env = resource.Properties.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual([ENV.adminTokenSecretArn, ENV.tableName, 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'].sort());
  });

  it('serves every path under /v1/clusters/, the more specific route beside the course API', () => {
    const { id } = kubeFunction(api);
    const integration = Object.entries(api.findResources('AWS::ApiGatewayV2::Integration')).find(
      ([, r]) => (r as Json).Properties.IntegrationUri['Fn::GetAtt']?.[0] === id,
    );
    expect(integration).toBeDefined();
    expect((integration![1] as Json).Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /v1/clusters/{proxy+}',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration![0] }]] },
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1/{proxy+}' });
  });

  it("routes the API server's root paths to the same function, where kubectl get --raw sends them", () => {
    const { id } = kubeFunction(api);
    const integrations = Object.entries(api.findResources('AWS::ApiGatewayV2::Integration')).filter(([, r]) => (r as Json).Properties.IntegrationUri['Fn::GetAtt']?.[0] === id);
    expect(integrations).toHaveLength(1);
    const target = { 'Fn::Join': ['', ['integrations/', { Ref: integrations[0]![0] }]] };
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).map((r) => (r as Json).Properties);
    const kubeRouteKeys = routes.filter((r) => JSON.stringify(r.Target) === JSON.stringify(target)).map((r) => r.RouteKey as string).sort();
    expect(kubeRouteKeys).toEqual(
      [
        'ANY /v1/clusters/{proxy+}',
        ...['/api', '/apis', '/openapi', '/version', '/healthz', '/livez', '/readyz'].flatMap((root) => [`ANY ${root}`, `ANY ${root}/{proxy+}`]),
      ].sort(),
    );
    // API Gateway may invoke the function for each of them.
    const permissions = Object.values(api.findResources('AWS::Lambda::Permission')).filter((p) => (p as Json).Properties.FunctionName['Fn::GetAtt']?.[0] === id);
    expect(permissions).toHaveLength(kubeRouteKeys.length);
  });

  it('may only get, put and update items of the table, and read the admin token', () => {
    const { resource } = kubeFunction(api);
    const roleId = resource.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(api.findResources('AWS::IAM::Policy'))
      .filter((p) => (p as Json).Properties.Roles.some((r: Json) => r.Ref === roleId))
      .flatMap((p) => (p as Json).Properties.PolicyDocument.Statement as Json[]);
    const actions = statements.flatMap((s) => asArray(s.Action)).sort();
    expect(actions.filter((a: string) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(actions.filter((a: string) => a.startsWith('secretsmanager:'))).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    for (const statement of statements.filter((s) => asArray(s.Action).some((a: string) => a.startsWith('dynamodb:')))) {
      // The table itself, never an index or a wildcard.
      expect(JSON.stringify(statement.Resource)).not.toMatch(/index|\*/);
    }
  });

  it('streams watches from a function URL that learners\' kubeconfigs name, with a timeout past the longest watch', () => {
    const found = Object.entries(api.findResources('AWS::Lambda::Function')).filter(([, r]) => (r as Json).Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'kubelab-kube-stream');
    expect(found).toHaveLength(1);
    const [id, stream] = found[0]! as [string, Json];
    expect(stream.Properties).toMatchObject({ Handler: 'index.handler', ReservedConcurrentExecutions: 200 });
    expect(stream.Properties.Timeout * 1000).toBeGreaterThan(STREAMED_WATCH_MS);
    api.hasResourceProperties('AWS::Lambda::Url', { TargetFunctionArn: { 'Fn::GetAtt': [id, 'Arn'] }, AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' });
    // The course API hands the URL out in kubeconfigs.
    const url = Object.keys(api.findResources('AWS::Lambda::Url'))[0]!;
    const course = Object.values(api.findResources('AWS::Lambda::Function')).find((r) => (r as Json).Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'kubelab-course-api') as Json;
    expect(course.Properties.Environment.Variables[ENV.kubeApiUrl]).toEqual({ 'Fn::GetAtt': [url, 'FunctionUrl'] });
    expect(api.toJSON().Outputs.KubeApiUrl.Value).toEqual({ 'Fn::GetAtt': [url, 'FunctionUrl'] });
  });

  it('tells how to fetch a kubeconfig', () => {
    const outputs: Json = api.toJSON().Outputs;
    expect(JSON.stringify(outputs['KubeconfigCommand'].Value)).toContain('v1/me/kubeconfig');
  });
});

describe('the Kubernetes API bundle', () => {
  let assetDir: string;

  beforeAll(() => {
    const app = testApp(true);
    const { api } = addKubelabStacks(app);
    const assembly = app.synth();
    const { resource } = kubeFunction(Template.fromStack(api));
    assetDir = join(assembly.directory, `asset.${resource.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    // Powertools is the layer's, not the bundle's: the repository's node_modules stands in for it.
    linkLayerStandIn(assembly.directory);
  }, 90_000);

  it('is one minified ESM file under a megabyte, without the full zod, and the definitions, descriptions, enums and snapshot dictionary beside it', () => {
    const file = join(assetDir, 'index.mjs');
    expect(statSync(file).size).toBeLessThan(1_000_000);
    // zod registers each schema class by name: the full zod's "ZodObject", zod/mini's "ZodMiniObject".
    expect(readFileSync(file, 'utf8')).not.toContain('"ZodObject"');
    expect(readdirSync(assetDir).filter((name) => name.endsWith('.json')).sort()).toEqual([
      expect.stringMatching(/^definitions\.data-\w+\.json$/),
      expect.stringMatching(/^descriptions\.openapi-\w+\.json$/),
      expect.stringMatching(/^enums\.openapi-\w+\.json$/),
      expect.stringMatching(/^snapshot-dictionary\.data-\w+\.json$/),
    ]);
  });

  it('serves kubectl the OpenAPI documents with their descriptions, read from the file beside it', async () => {
    // The deployed artifact itself, in a process of its own; an administrator's token from the
    // environment, as in local mode, so no table or secret is read.
    const admin = 'bundle-test-admin-token';
    const path = '/v1/clusters/c-1/openapi/v3/api/v1';
    const script = [
      `const { handler } = await import(${JSON.stringify(pathToFileURL(join(assetDir, 'index.mjs')).href)});`,
      `const event = { version: '2.0', rawPath: '${path}', rawQueryString: '', headers: { authorization: 'Bearer ${admin}' }, isBase64Encoded: false,`,
      `  requestContext: { requestId: 'r1', http: { method: 'GET', path: '${path}', sourceIp: '127.0.0.1' } } };`,
      "const result = await handler(event, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 30000 });",
      'console.log(JSON.stringify(result));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env['PATH'] ?? '',
        [ENV.tableName]: 'kubelab',
        [ENV.adminToken]: admin,
        AWS_REGION: 'eu-west-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result.statusCode, stdout).toBe(200);
    const pod = JSON.parse(result.body).components.schemas['io.k8s.api.core.v1.Pod'];
    expect(pod.description).toMatch(/^Pod is a collection of containers that can run on a host/);
    expect(pod.properties.spec.description).toMatch(/^Specification of the desired behavior of the pod/);
  }, 30_000);
});
