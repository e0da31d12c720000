/**
 * The CDK app, asserted on its synthesized templates. Bundling is skipped except in the one test
 * that proves local esbuild bundling works; every App writes to a temp dir removed afterwards.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createTableInput, INDEXES, KEY, TTL_ATTRIBUTE } from '#adapters/dynamo/table-definition.ts';
import { ENV } from '#handlers/env.ts';
import { addKubelabStacks, KubelabApiStack, KubelabFunction, type KubelabStacks } from '#lib/index.ts';
import { buildFunction } from '#lib/constructs/bundling.ts';
import { POWERTOOLS_LAYER_PARAMETER, POWERTOOLS_VERSION } from '#lib/constructs/powertools-layer.ts';

/** The DynamoDB actions the course API's code issues: the whole grant, nothing more. */
const EXPECTED_DYNAMODB_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];

/** Rules the app acknowledges, each next to its resource with a reason; anything else must be fixed. */
const EXPECTED_ACKNOWLEDGEMENTS = [
  'AwsSolutions-APIG4',
  'AwsSolutions-IAM5[Resource::*]',
  // The live picture's push posts to connections API Gateway names at each connect (lib/constructs/picture-channel.ts).
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<PictureChannelApiFE04B4D6>/changes/POST/@connections/*]',
  'AwsSolutions-L1',
  'AwsSolutions-SMG4',
];

const outdirs: string[] = [];

/** An App writing into a fresh temp dir (removed in afterAll), with extra context; bundling skipped unless asked. */
function testApp(options: { bundle?: boolean; context?: Record<string, unknown> } = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'kubelab-cdk-'));
  outdirs.push(outdir);
  return new App({ outdir, context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context } });
}

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

type Json = Record<string, any>;

describe('Kubelab CDK app', () => {
  let app: App;
  let stacks: KubelabStacks;
  let data: Template;
  let api: Template;
  let dataJson: Json;
  let apiJson: Json;

  beforeAll(() => {
    app = testApp();
    stacks = addKubelabStacks(app);
    // As in bin/kubelab.ts: synth fails on any finding that is neither fixed nor acknowledged.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    data = Template.fromStack(stacks.data);
    api = Template.fromStack(stacks.api);
    dataJson = data.toJSON();
    apiJson = api.toJSON();
  });

  /** The one resource of a type, with its logical id. */
  function only(template: Template, type: string): { id: string; resource: Json } {
    const found = Object.entries(template.findResources(type));
    expect(found, `exactly one ${type}`).toHaveLength(1);
    const [id, resource] = found[0]!;
    return { id, resource };
  }

  /** Follows a cross-stack reference (weak or strong) in the API stack to the data stack's value. */
  function fromDataStack(value: unknown): unknown {
    const ref = value as Json;
    const outputs: Json = dataJson.Outputs ?? {};
    if (ref?.['Fn::GetStackOutput']) {
      expect(ref['Fn::GetStackOutput'].StackName).toBe(stacks.data.stackName);
      return outputs[ref['Fn::GetStackOutput'].OutputName]?.Value;
    }
    if (ref?.['Fn::ImportValue']) {
      const output = Object.values(outputs).find((o: Json) => o.Export?.Name === ref['Fn::ImportValue']);
      return output?.Value;
    }
    return value;
  }

  /** A function of the API stack by its service name (the course API, the Kubernetes API). */
  function fn(serviceName: string): { id: string; resource: Json } {
    const found = Object.entries(api.findResources('AWS::Lambda::Function')).filter(
      ([, resource]) => (resource as Json).Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === serviceName,
    );
    expect(found, `exactly one function ${serviceName}`).toHaveLength(1);
    const [id, resource] = found[0]!;
    return { id, resource: resource as Json };
  }

  /** All statements of all IAM policies in the API stack. */
  function apiStatements(): Json[] {
    return Object.values(api.findResources('AWS::IAM::Policy')).flatMap((policy: Json) => policy.Properties.PolicyDocument.Statement);
  }

  const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

  describe('data stack', () => {
    it('builds the table exactly from the table definition', () => {
      const { resource } = only(data, 'AWS::DynamoDB::GlobalTable');
      const local = createTableInput('ignored');
      expect(resource.Properties.KeySchema).toEqual([
        { AttributeName: KEY.partition, KeyType: 'HASH' },
        { AttributeName: KEY.sort, KeyType: 'RANGE' },
      ]);
      expect(resource.Properties.KeySchema).toEqual(local.KeySchema);
      expect(resource.Properties.AttributeDefinitions).toEqual(expect.arrayContaining(local.AttributeDefinitions!));
      expect(resource.Properties.AttributeDefinitions).toHaveLength(local.AttributeDefinitions!.length);
      expect(resource.Properties.GlobalSecondaryIndexes).toEqual(
        INDEXES.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partition, KeyType: 'HASH' },
            { AttributeName: index.sort, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
      expect(resource.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    });

    it('is on-demand, point-in-time recoverable, encrypted with the AWS managed key and expires items by TTL', () => {
      data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.absent() },
      });
    });

    it('retains the table when the stack is deleted or the table replaced, and refuses to delete it while protected', () => {
      const { resource } = only(data, 'AWS::DynamoDB::GlobalTable');
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
      expect(resource.Properties.Replicas).toEqual([expect.objectContaining({ DeletionProtectionEnabled: true })]);
    });

    it('holds only stateful resources', () => {
      expect(Object.keys(data.findResources('AWS::Lambda::Function'))).toEqual([]);
      expect(Object.keys(data.findResources('AWS::ApiGatewayV2::Api'))).toEqual([]);
    });
  });

  describe('api stack', () => {
    it('runs the course API on Node.js 22, ARM64, with the shared function settings', () => {
      const secret = only(api, 'AWS::SecretsManager::Secret');
      const { resource } = fn('kubelab-course-api');
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 10,
        TracingConfig: { Mode: 'Active' },
      });
      // The code is type-checked against the Node.js it runs on there.
      const types = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@types/node'];
      expect(`nodejs${types?.match(/\d+/)?.[0]}.x`).toBe(resource.Properties.Runtime);
      const env = resource.Properties.Environment.Variables;
      expect(env).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'kubelab-course-api',
        [ENV.adminTokenSecretArn]: { Ref: secret.id },
      });
      const table = only(data, 'AWS::DynamoDB::GlobalTable');
      expect(fromDataStack(env[ENV.tableName])).toEqual({ Ref: table.id });
    });

    it('runs the web terminal in an x86_64 function with AWS\'s kubectl layer, on its own two routes', () => {
      const { id, resource } = fn('kubelab-terminal');
      expect(resource.Properties).toMatchObject({ Architectures: ['x86_64'], MemorySize: 1769, Timeout: 29 });
      expect(resource.Properties.Environment.Variables).toMatchObject({ [ENV.kubectl]: '/opt/kubectl/kubectl', [ENV.terminalDir]: '/tmp/kubelab-terminal' });
      const layers = (resource.Properties.Layers as Json[]).filter((layer) => apiJson.Resources[layer.Ref]);
      expect(layers).toHaveLength(1);
      const layerVersion = apiJson.Resources[layers[0]!.Ref];
      expect(layerVersion.Type).toBe('AWS::Lambda::LayerVersion');
      expect(layerVersion.Properties.Description).toMatch(/kubectl/i);
      const integration = Object.entries(api.findResources('AWS::ApiGatewayV2::Integration')).find(
        ([, r]) => (r as Json).Properties.IntegrationUri['Fn::GetAtt']?.[0] === id,
      );
      expect(integration).toBeDefined();
      const keys = Object.values(api.findResources('AWS::ApiGatewayV2::Route'))
        .filter((r: Json) => r.Properties.Target['Fn::Join'][1][1].Ref === integration![0])
        .map((r: Json) => r.Properties.RouteKey)
        .sort();
      expect(keys).toEqual(['POST /v1/me/terminal', 'POST /v1/me/terminal/interrupt']);
      // The terminal reaches the table only as the Kubernetes API does: GetItem, PutItem, UpdateItem.
      const granted = apiStatements()
        .filter((st) => JSON.stringify(st.Resource).includes('Table') && JSON.stringify(st.Action).includes('dynamodb'))
        .map((st) => asArray(st.Action).sort().join(','));
      expect(granted).toContain('dynamodb:GetItem,dynamodb:PutItem,dynamodb:UpdateItem');
    });

    it("runs every function with the Powertools layer of the version package-lock.json installs, its ARN from Powertools' public SSM parameter", () => {
      expect(POWERTOOLS_LAYER_PARAMETER).toBe(`/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`);
      for (const stack of [stacks.api, stacks.containers]) {
        const template = Template.fromStack(stack).toJSON();
        const parameters = Object.entries(template.Parameters as Json).filter(([, p]) => p.Default === POWERTOOLS_LAYER_PARAMETER);
        expect(parameters, stack.stackName).toHaveLength(1);
        expect(parameters[0]![1].Type).toBe('AWS::SSM::Parameter::Value<String>');
        const functions = Object.values(template.Resources as Json).filter((r: Json) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
        expect(functions.length, stack.stackName).toBeGreaterThan(0);
        for (const f of functions) expect(f.Properties.Layers, f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toContainEqual({ Ref: parameters[0]![0] });
      }
    });

    it('logs the function to its own log group, kept for a month', () => {
      const { resource } = fn('kubelab-course-api');
      const logGroupId = resource.Properties.LoggingConfig.LogGroup.Ref;
      expect(api.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    });

    it('routes ANY /v1/{proxy+} to the function with payload 2.0', () => {
      const course = fn('kubelab-course-api');
      const integrations = Object.entries(api.findResources('AWS::ApiGatewayV2::Integration')).filter(
        ([, resource]) => (resource as Json).Properties.IntegrationUri['Fn::GetAtt']?.[0] === course.id,
      );
      expect(integrations).toHaveLength(1);
      const integration = { id: integrations[0]![0], resource: integrations[0]![1] as Json };
      expect(integration.resource.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'ANY /v1/{proxy+}',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration.id }]] },
      });
    });

    it('logs access and throttles on the $default stage', () => {
      // The HTTP API's; the live picture's WebSocket stage is test/cdk/picture-channel.test.ts's.
      const stages = Object.entries(api.findResources('AWS::ApiGatewayV2::Stage'))
        .filter(([, resource]) => (resource as Json).Properties.StageName === '$default')
        .map(([id, resource]) => ({ id, resource: resource as Json }));
      expect(stages).toHaveLength(1);
      const stage = stages[0]!;
      expect(stage.resource.Properties).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        // A class of 100 (lib/capacity.ts): 111.4 requests a second, with headroom; every learner's command burst at once.
        DefaultRouteSettings: { ThrottlingRateLimit: 168, ThrottlingBurstLimit: 512 },
      });
      const destination = stage.resource.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
      expect(apiJson.Resources[destination]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
      expect(JSON.parse(stage.resource.Properties.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId' });
    });

    it('grants exactly the DynamoDB actions the code uses, on the table and its named indexes', () => {
      const table = only(data, 'AWS::DynamoDB::GlobalTable');
      const tableArn = { 'Fn::GetAtt': [table.id, 'Arn'] };
      // The stream's reads are the live picture's event source's (test/cdk/grants.test.ts, test/cdk/picture-channel.test.ts).
      const dynamo = apiStatements().filter((s) => asArray(s.Action).some((a: string) => a.startsWith('dynamodb:')) && !/StreamArn/.test(JSON.stringify(s.Resource)));
      const actions = new Set(dynamo.flatMap((s) => asArray(s.Action)));
      expect([...actions].sort()).toEqual(EXPECTED_DYNAMODB_ACTIONS);
      expect(actions.has('dynamodb:*')).toBe(false);
      expect(actions.has('dynamodb:Scan')).toBe(false);
      for (const statement of dynamo) expect(statement.Effect).toBe('Allow');

      const resources = dynamo.flatMap((s) => asArray(s.Resource)).map((resource) => {
        const join = (resource as Json)['Fn::Join'];
        return join ? { 'Fn::Join': [join[0], join[1].map(fromDataStack)] } : fromDataStack(resource);
      });
      const indexArns = INDEXES.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index.name}`]] }));
      expect(resources).toEqual(expect.arrayContaining([tableArn, ...indexArns]));
      for (const resource of resources) expect([tableArn, ...indexArns]).toContainEqual(resource);
      // Only Query may reach an index; item actions stay on the table.
      for (const statement of dynamo) {
        const onIndex = asArray(statement.Resource).some((r) => (r as Json)['Fn::Join']);
        if (onIndex) expect(asArray(statement.Action)).toEqual(['dynamodb:Query']);
      }
    });

    it('grants no wildcard actions, and "*" resources only for the X-Ray actions that need them', () => {
      for (const statement of apiStatements()) {
        for (const action of asArray(statement.Action)) expect(action).not.toMatch(/\*/);
        if (asArray(statement.Resource).includes('*')) {
          expect(asArray(statement.Action).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
        }
      }
    });

    it('generates an admin token fit for a bearer header and lets the function read it', () => {
      const secret = only(api, 'AWS::SecretsManager::Secret');
      const generate = secret.resource.Properties.GenerateSecretString;
      expect(generate.PasswordLength).toBeGreaterThanOrEqual(40);
      expect(generate).toMatchObject({ ExcludePunctuation: true, IncludeSpace: false });
      expect(generate.SecretStringTemplate).toBeUndefined();
      const reads = apiStatements().filter((s) => asArray(s.Action).includes('secretsmanager:GetSecretValue'));
      // One grant per function that authenticates admin tokens: the course API, the Kubernetes API (behind API Gateway and streaming), the terminal and the live picture's sockets.
      expect(reads).toHaveLength(5);
      for (const read of reads) expect(read.Resource).toEqual({ Ref: secret.id });
    });

    it('outputs the API URL, table name, secret name and the command that prints the token', () => {
      const secret = only(api, 'AWS::SecretsManager::Secret');
      const outputs: Json = apiJson.Outputs;
      expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'TableName', 'AdminTokenSecretName', 'AdminTokenCommand']));
      expect(JSON.stringify(outputs.ApiUrl.Value)).toContain('.execute-api.');
      expect(fromDataStack(outputs.TableName.Value)).toEqual({ Ref: only(data, 'AWS::DynamoDB::GlobalTable').id });
      expect(JSON.stringify(outputs.AdminTokenSecretName.Value)).toContain(secret.id);
      expect(outputs.AdminTokenCommand.Value).toEqual({
        'Fn::Join': [
          '',
          [
            'aws secretsmanager get-secret-value --region ',
            { Ref: 'AWS::Region' },
            ' --secret-id ',
            { Ref: secret.id },
            ' --query SecretString --output text',
          ],
        ],
      });
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    it('synthesizes with no unacknowledged findings and no error annotations', () => {
      const assembly = app.synth();
      const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
      const findings = (report.pluginReports as Json[]).flatMap((plugin) =>
        ((plugin.violations ?? []) as Json[]).map((v) => `${plugin.pluginName} ${v.ruleName} (${v.severity})`),
      );
      expect(findings).toEqual([]);
      for (const stack of [stacks.data, stacks.api]) {
        expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      }
    });

    it('acknowledges only the expected rules, each with a real reason', () => {
      const acknowledged = new Map<string, string>();
      // The site stack's (CloudFront, its bucket, the deployment handler) are listed in test/cdk/site.test.ts.
      for (const construct of app.node.findAll().filter((c) => !c.node.path.startsWith(`${stacks.site.node.path}/`))) {
        for (const entry of construct.node.metadata) {
          if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
            acknowledged.set(id.replace(/^annotation::/i, ''), reason);
          }
        }
      }
      expect([...acknowledged.keys()].sort()).toEqual(EXPECTED_ACKNOWLEDGEMENTS);
      for (const reason of acknowledged.values()) expect(reason.length).toBeGreaterThan(60);
    });

    it('fails the synth on a finding nobody acknowledged (the check is live)', () => {
      const probe = testApp();
      new Secret(new Stack(probe, 'Probe'), 'Unrotated');
      Validations.of(probe).addPlugins(new AwsSolutionsChecks(probe));
      expect(() => probe.synth()).toThrow(/AwsSolutions-SMG4/);
    });
  });
});

describe('KubelabFunction props', () => {
  const valid = { entry: 'lambdas/handlers/api.ts', serviceName: 'probe' };
  const build = (props: Partial<ConstructorParameters<typeof KubelabFunction>[2]>) => () =>
    new KubelabFunction(new Stack(testApp(), 'Probe'), 'Fn', { ...valid, ...props });

  it.each([
    ['memory below 128 MB', { memorySize: 64 }, /^memorySize is 64: use a whole number of MB from 128 to 10240$/],
    ['memory above 10240 MB', { memorySize: 10_241 }, /^memorySize is 10241:/],
    ['fractional memory', { memorySize: 1536.5 }, /^memorySize is 1536.5:/],
    ['a timeout over 15 minutes', { timeout: Duration.seconds(901) }, /^timeout is 15 minutes 1 second: use whole seconds from 1 to 900$/],
    ['a timeout in fractions of a second', { timeout: Duration.millis(1500) }, /^timeout is 1 second 500 millis:/],
    ['a service name with spaces', { serviceName: 'Course API' }, /^serviceName is "Course API": use 1 to 63 lowercase letters/],
    ['a missing entry', { entry: 'lambdas/handlers/missing.ts' }, /^entry is "lambdas\/handlers\/missing.ts" but .* does not exist/],
    ['an entry outside the repository', { entry: '../elsewhere/handler.ts' }, /^entry is "..\/elsewhere\/handler.ts": give a handler file inside the repository/],
    ['an entry that is not code', { entry: 'package.json' }, /^entry is "package.json": give a .ts, .mts, .js or .mjs handler file$/],
    ['a handler that is not an identifier', { handler: 'not-a-name' }, /^handler is "not-a-name":/],
    ['an override of NODE_OPTIONS', { environment: { NODE_OPTIONS: '--inspect' } }, /^environment sets NODE_OPTIONS: leave it out/],
  ] as const)('rejects %s before building anything', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  it('applies the props it is given', () => {
    const app = testApp();
    const stack = new Stack(app, 'Probe');
    new KubelabFunction(stack, 'Fn', { ...valid, memorySize: 512, timeout: Duration.seconds(20), environment: { EXTRA: 'x' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 20,
      Environment: { Variables: Match.objectLike({ EXTRA: 'x', POWERTOOLS_SERVICE_NAME: 'probe' }) },
    });
  });
});

describe('KubelabApiStack props', () => {
  it.each([
    [{ rateLimit: 0 }, /^throttle.rateLimit is 0: use a positive number/],
    [{ burstLimit: 2.5 }, /^throttle.burstLimit is 2.5: use a positive whole number/],
  ])('rejects throttle %o', (throttle, message) => {
    const app = testApp();
    const { data } = addKubelabStacks(app);
    expect(() => new KubelabApiStack(app, 'Other', { table: data.table, throttle })).toThrow(message);
  });

  it('answers CORS only for the page\'s own origins, and none by default', () => {
    const app = testApp({ context: { 'kubelab:siteOrigins': 'https://d1234.cloudfront.net' } });
    const { api } = addKubelabStacks(app);
    Template.fromStack(api).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://d1234.cloudfront.net'],
        AllowHeaders: ['authorization', 'content-type', 'accept', 'idempotency-key'],
        AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      },
    });
    const plain = testApp();
    const api2 = Template.fromStack(addKubelabStacks(plain).api).toJSON() as Json;
    const apis = Object.values(api2.Resources as Json).filter((r: Json) => r.Type === 'AWS::ApiGatewayV2::Api' && r.Properties.ProtocolType === 'HTTP');
    expect(apis.map((r: Json) => r.Properties.CorsConfiguration)).toEqual([undefined]);
  });

  it.each(['*', 'http://d1234.cloudfront.net', 'https://d1234.cloudfront.net/app', 'd1234.cloudfront.net'])('rejects the site origin %s', (origin) => {
    const app = testApp();
    const { data } = addKubelabStacks(app);
    expect(() => new KubelabApiStack(app, 'Other', { table: data.table, siteOrigins: [origin] })).toThrow(/^siteOrigins has .*: use an https origin without a path/);
  });
});

describe('bundling', () => {
  it('bundles the course API with the local esbuild into one minified ESM file with a source map', async () => {
    const app = testApp({ bundle: true });
    const { api } = addKubelabStacks(app);
    const assembly = app.synth();
    const assetOf = (service: string) => join(assembly.directory, `asset.${only(Template.fromStack(api), service).Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    const assetDir = assetOf('kubelab-course-api');
    // Beside it, only the course API's own OpenAPI document (bin/course-openapi.ts), read on its first
    // request, the OpenAPI definitions it decodes objects with (bin/openapi-definitions.ts), the dictionary stored clusters are compressed with, read on the first read or write
    // of one, and yaml, built there by the construct's afterBundling commands.
    expect(readdirSync(assetDir).sort()).toEqual([
      expect.stringMatching(/^course-api\.openapi-\w+\.json$/),
      expect.stringMatching(/^definitions\.data-\w+\.json$/),
      'index.mjs',
      'index.mjs.map',
      'node_modules',
      expect.stringMatching(/^snapshot-dictionary\.data-\w+\.json$/),
    ]);
    // yaml and the course pack's documents, built beside it (BESIDE_PACKAGES).
    expect(readdirSync(join(assetDir, 'node_modules')).sort()).toEqual(['@kubelab', 'yaml']);
    expect(readdirSync(join(assetDir, 'node_modules', '@kubelab'))).toEqual(['course-pack']);
    expect(readdirSync(join(assetDir, 'node_modules', 'yaml')).sort()).toEqual(['index.mjs', 'package.json']);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire } from 'module'; const require = createRequire(import.meta.url);")).toBe(true);
    // The AWS SDK and every other package are inside the bundle; only Node built-ins, Powertools,
    // which its layer provides, and yaml and the course pack, beside it, are imported: those only when first needed (a
    // static import would load it on every cold start). Minified, esbuild writes external imports as
    // `from"x"` and `import("x")`, which the SDK's error-message text (`import "@aws-sdk/..."`) does
    // not match; nor does prose that ends in "from" and is followed by code (the OpenAPI
    // descriptions the API server decodes with), as a module name has no brackets or spaces.
    const imports = [...bundle.matchAll(/\bfrom"([\w@./:-]+)"|\bimport\("([\w@./:-]+)"\)/g)].map((m) => ({ name: (m[1] ?? m[2])!, lazily: m[2] !== undefined }));
    expect(imports.length).toBeGreaterThan(0);
    // Of the files beside it, only the OpenAPI definitions are imported at load: the API server decodes with them.
    expect(imports.filter(({ name }) => name.startsWith('./')).map(({ name, lazily }) => `${name}${lazily ? ' lazily' : ''}`)).toEqual([expect.stringMatching(/^\.\/definitions\.data-\w+\.json$/)]);
    const packages = imports.filter(({ name }) => !name.startsWith('node:') && !name.startsWith('@aws-lambda-powertools/') && !name.startsWith('./'));
    expect(new Set(packages.map(({ name, lazily }) => `${name}${lazily ? ' lazily' : ''}`))).toEqual(new Set(['yaml lazily', '@kubelab/course-pack lazily']));
    expect(imports.map(({ name }) => name)).toContain('@aws-lambda-powertools/tracer');
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    // bench/bundles.ts and test/cdk/bundles.test.ts build with the construct's own options: the same bytes.
    const outdir = mkdtempSync(join(tmpdir(), 'kubelab-esbuild-'));
    outdirs.push(outdir);
    await buildFunction('lambdas/handlers/api.ts', join(outdir, 'index.mjs'));
    expect(readFileSync(join(outdir, 'index.mjs'), 'utf8')).toBe(bundle);
    for (const file of ['index.mjs', 'package.json']) {
      expect(readFileSync(join(outdir, 'node_modules', 'yaml', file), 'utf8'), file).toBe(readFileSync(join(assetDir, 'node_modules', 'yaml', file), 'utf8'));
    }
    // The Kubernetes API, which decodes protobuf, has its tables beside it too, as buildFunction writes them.
    const kubeAsset = assetOf('kubelab-kube-api');
    expect(readdirSync(join(kubeAsset, 'node_modules')).sort()).toEqual(['@kubelab', 'yaml']);
    const kubeOut = join(outdir, 'kube');
    await buildFunction('lambdas/handlers/kube.ts', join(kubeOut, 'index.mjs'));
    for (const file of ['index.mjs', 'package.json']) {
      const path = join('node_modules', '@kubelab', 'kube-protobuf-tables', file);
      expect(readFileSync(join(kubeOut, path), 'utf8'), path).toBe(readFileSync(join(kubeAsset, path), 'utf8'));
    }

    function only(template: Template, service: string): Json {
      const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (f) => (f as Json).Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === service,
      );
      expect(functions).toHaveLength(1);
      return functions[0] as Json;
    }
  }, 180_000);
});

describe('a stage (-c kubelab:stage=...)', () => {
  it('names every stack, the dashboard and a tag after the stage, so two deployments share an account', () => {
    const app = testApp({ context: { 'kubelab:stage': 'staging' } });
    const stacks = addKubelabStacks(app);
    expect(Object.values(stacks).map((stack) => stack.stackName)).toEqual([
      'KubelabData-staging',
      'KubelabApi-staging',
      'KubelabContainers-staging',
      'KubelabSite-staging',
      'KubelabOps-staging',
    ]);
    Template.fromStack(stacks.ops).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Kubelab-staging' });
    Template.fromStack(stacks.api).hasResourceProperties('AWS::SecretsManager::Secret', { Tags: Match.arrayWith([{ Key: 'stage', Value: 'staging' }]) });
    // Nothing is named by hand that a second stage would collide with: no physical table, secret or function name.
    const template = Template.fromStack(stacks.api).toJSON() as Json;
    for (const resource of Object.values(template.Resources) as Json[]) {
      if (resource.Type === 'AWS::Lambda::Function') expect(resource.Properties?.FunctionName).toBeUndefined();
      if (resource.Type === 'AWS::SecretsManager::Secret') expect(resource.Properties?.Name).toBeUndefined();
    }
    for (const table of Object.values(Template.fromStack(stacks.data).findResources('AWS::DynamoDB::GlobalTable'))) {
      expect((table as Json).Properties.TableName).toBeUndefined();
    }
  });

  it('keeps the plain names without a stage, and refuses a stage that is not a short plain name', () => {
    expect(addKubelabStacks(testApp()).data.stackName).toBe('KubelabData');
    for (const stage of ['Prod', 'my stage', '1st', 'a'.repeat(21)]) {
      expect(() => addKubelabStacks(testApp({ context: { 'kubelab:stage': stage } })), stage).toThrow(/kubelab:stage is .*lower-case letters/);
    }
  });
});
