/**
 * The site stack, asserted on its synthesized template: a private bucket only CloudFront reads,
 * a distribution with security headers on the page, the API's paths forwarded uncached to the HTTP
 * API on the same origin, page routes rewritten by a viewer function (run here in a sandbox), the
 * two deployments and config.json, and cdk-nag clean with each acknowledgement where it belongs.
 * Bundling is skipped except where the build itself is the subject; every App writes to a temp dir removed afterwards.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KUBE_ROOT_PATHS } from '#adapters/http/kube-request.ts';
import { CHANGES_PATH } from '#adapters/http/picture-socket.ts';
import { REPO_ROOT } from '#lib/constructs/bundling.ts';
import { addKubelabStacks, KubelabSiteStack, type KubelabStacks } from '#lib/index.ts';
import { SITE_ROOT } from '../../frontend/build.ts';
import { asArray, findings, tempDir, testApp, type Json } from '../support/cdk.ts';






/** sha256 CSP sources of the inline scripts of an HTML text, as a browser computes them. */
function scriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?:\s+(?!src)[\w-]+(?:="[^"]*")?)*\s*>([\s\S]*?)<\/script>/g)].map(
    ([, text]) => `'sha256-${createHash('sha256').update(text!.replace(/\r\n?/g, '\n')).digest('base64')}'`,
  );
}

/** The page's CSP, word for word, with the hash of api.html's inline script (the only inline script of the site). */
function expectedPageCsp(): string {
  const hashes = scriptHashes(readFileSync(join(SITE_ROOT, 'public', 'api.html'), 'utf8'));
  expect(hashes).toHaveLength(1);
  return `default-src 'self'; script-src 'self' ${hashes[0]}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
}

/** The path patterns that must reach the API: the course API and the API server's root paths. */
const API_PATTERNS = ['/v1/*', ...KUBE_ROOT_PATHS.flatMap((root) => [root, `${root}/*`])];
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** The origin the course API's paths go to (the live picture's socket has another). */
function apiOriginOf(config: Json): Json {
  const target = (config.CacheBehaviors as Json[]).find((b) => b.PathPattern === '/v1/*')!.TargetOriginId;
  return (config.Origins as Json[]).find((o) => o.Id === target)!;
}

/** The distribution's API origin is the HTTP API's domain: the third part of its endpoint, read from the API stack's output. */
function expectApiOrigin(stacks: KubelabStacks): void {
  const config = (Object.values(Template.fromStack(stacks.site).findResources('AWS::CloudFront::Distribution'))[0] as Json).Properties.DistributionConfig;
  const origin = apiOriginOf(config);
  expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  const [index, split] = origin.DomainName['Fn::Select'];
  expect(index).toBe(2);
  expect(split['Fn::Split'][0]).toBe('/');
  // A reference, strong (an import) or weak (a stack output), to the API stack's output of its HTTP API's endpoint.
  const reference = split['Fn::Split'][1];
  const api = Template.fromStack(stacks.api).toJSON() as Json;
  let output: Json | undefined;
  if (reference['Fn::GetStackOutput']) {
    expect(reference['Fn::GetStackOutput'].StackName).toBe(stacks.api.stackName);
    output = api.Outputs[reference['Fn::GetStackOutput'].OutputName];
  } else {
    output = Object.values(api.Outputs as Record<string, Json>).find((o) => o.Export?.Name === reference['Fn::ImportValue']);
  }
  const [apiId, attribute] = output!.Value['Fn::GetAtt'];
  expect(attribute).toBe('ApiEndpoint');
  expect(api.Resources[apiId]).toMatchObject({ Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } });
}

describe('Kubelab site stack', () => {
  let app: App;
  let stacks: KubelabStacks;
  let template: Template;
  let json: Json;

  beforeAll(() => {
    app = testApp();
    stacks = addKubelabStacks(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    template = Template.fromStack(stacks.site);
    json = template.toJSON();
  });

  function only(type: string): { id: string; resource: Json } {
    const found = Object.entries(template.findResources(type));
    expect(found, `exactly one ${type}`).toHaveLength(1);
    return { id: found[0]![0], resource: found[0]![1] as Json };
  }
  const distributionConfig = (): Json => only('AWS::CloudFront::Distribution').resource.Properties.DistributionConfig;
  /** The page's viewer-request function (the other is the live picture's socket path's). */
  const pageRoutes = (): { id: string; resource: Json } => {
    const id = distributionConfig().DefaultCacheBehavior.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0] as string;
    return { id, resource: json.Resources[id] as Json };
  };
  const headersPolicy = (ref: Json): Json => json.Resources[ref.Ref].Properties.ResponseHeadersPolicyConfig;
  const bucketArn = () => ({ 'Fn::GetAtt': [only('AWS::S3::Bucket').id, 'Arn'] });

  describe('bucket', () => {
    it('blocks all public access, is encrypted with S3-managed keys, unversioned, and kept when the stack is deleted', () => {
      const { resource } = only('AWS::S3::Bucket');
      expect(resource.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(resource.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(resource.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(resource.Properties.VersioningConfiguration).toBeUndefined();
      expect(resource.Properties.WebsiteConfiguration).toBeUndefined();
      expect(resource.DeletionPolicy).toBe('Retain');
    });

    it('denies every request without TLS (or below TLS 1.2) and lets only this distribution read, through origin access control', () => {
      const policy = only('AWS::S3::BucketPolicy').resource.Properties;
      expect(policy.Bucket).toEqual({ Ref: only('AWS::S3::Bucket').id });
      const statements = policy.PolicyDocument.Statement as Json[];
      const everything = [bucketArn(), { 'Fn::Join': ['', [bucketArn(), '/*']] }];
      expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
        { Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Effect: 'Deny', Principal: { AWS: '*' }, Resource: everything },
        { Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } }, Effect: 'Deny', Principal: { AWS: '*' }, Resource: everything },
      ]);
      const distribution = only('AWS::CloudFront::Distribution').id;
      expect(statements.filter((s) => s.Effect !== 'Deny')).toEqual([
        {
          Action: 's3:GetObject',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Resource: { 'Fn::Join': ['', [bucketArn(), '/*']] },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distribution }]],
              },
            },
          },
        },
      ]);
    });
  });

  describe('distribution', () => {
    it('reads the bucket with origin access control (SigV4, always), never a legacy origin access identity', () => {
      template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
      const oac = only('AWS::CloudFront::OriginAccessControl');
      expect(oac.resource.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
      const s3Origins = (distributionConfig().Origins as Json[]).filter((o) => o.S3OriginConfig);
      expect(s3Origins).toHaveLength(1);
      expect(s3Origins[0]).toMatchObject({
        DomainName: { 'Fn::GetAtt': [only('AWS::S3::Bucket').id, 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [oac.id, 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      });
      expect(distributionConfig().DefaultCacheBehavior.TargetOriginId).toBe(s3Origins[0]!.Id);
    });

    it('redirects the page to HTTPS, speaks HTTP/2 and HTTP/3, uses price class 100 and turns no error into the page', () => {
      const config = distributionConfig();
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      expect(config).toMatchObject({ HttpVersion: 'http2and3', PriceClass: 'PriceClass_100', Enabled: true });
      // A distribution-wide 403/404 -> index.html would answer the API's 404s with the page.
      expect(config.CustomErrorResponses).toBeUndefined();
      // Its own *.cloudfront.net domain and certificate unless a custom domain is given.
      expect(config.Aliases).toBeUndefined();
      expect(config.ViewerCertificate).toBeUndefined();
    });

    it('sends the page every security header, with the exact CSP the page needs', () => {
      const page = headersPolicy(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId);
      const security = page.SecurityHeadersConfig;
      expect(security.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: expectedPageCsp(), Override: true });
      expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
      expect(security.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
      expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
      expect(security.ContentTypeOptions).toEqual({ Override: true });
      expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
      expect(page.CustomHeadersConfig.Items).toEqual([{ Header: 'Permissions-Policy', Value: 'camera=(), microphone=(), geolocation=()', Override: true }]);
      expect(page.CorsConfig).toBeUndefined();
    });

    it('outputs the site URL on the distribution\'s domain, the distribution id and the bucket name', () => {
      const distribution = only('AWS::CloudFront::Distribution').id;
      expect(json.Outputs.SiteUrl.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] });
      expect(json.Outputs.DistributionId.Value).toEqual({ Ref: distribution });
      expect(json.Outputs.BucketName.Value).toEqual({ Ref: only('AWS::S3::Bucket').id });
    });
  });

  describe('the API on the same origin', () => {
    it('forwards every API path uncached, with every method and every viewer header but Host, over HTTPS only', () => {
      // The live picture's socket has a behaviour of its own (test/cdk/picture-channel.test.ts).
      const behaviors = (distributionConfig().CacheBehaviors as Json[]).filter((b) => b.PathPattern !== CHANGES_PATH);
      expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([...API_PATTERNS].sort());
      const apiOrigin = apiOriginOf(distributionConfig());
      for (const behavior of behaviors) {
        expect(behavior, behavior.PathPattern).toMatchObject({
          TargetOriginId: apiOrigin.Id,
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          ViewerProtocolPolicy: 'https-only',
        });
        expect([...behavior.AllowedMethods].sort(), behavior.PathPattern).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
        expect(behavior.FunctionAssociations, behavior.PathPattern).toBeUndefined();
        expect(behavior.ResponseHeadersPolicyId).not.toEqual(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId);
      }
    });

    it("reaches the HTTP API's own domain, parsed from its endpoint, over TLS 1.2", () => {
      expectApiOrigin(stacks);
    });

    it("reaches it as well with cdk.json's feature flags (weak cross-stack references), as `cdk synth` builds it, and cdk-nag is as clean", () => {
      const { context } = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
      const cliApp = testApp(context);
      const cliStacks = addKubelabStacks(cliApp);
      Validations.of(cliApp).addPlugins(new AwsSolutionsChecks(cliApp));
      expectApiOrigin(cliStacks);
      expect(findings(cliApp.synth().directory)).toEqual([]);
    });

    it("adds security headers to the API's answers only where the API sent none, and touches no other header", () => {
      const behaviors = distributionConfig().CacheBehaviors as Json[];
      const ids = new Set(behaviors.map((b) => JSON.stringify(b.ResponseHeadersPolicyId)));
      expect(ids.size).toBe(1);
      const api = headersPolicy(behaviors[0]!.ResponseHeadersPolicyId);
      const security = api.SecurityHeadersConfig as Json;
      for (const [name, header] of Object.entries(security)) expect((header as Json).Override, name).toBe(false);
      expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toBe("default-src 'none'; frame-ancestors 'none'");
      for (const header of api.CustomHeadersConfig.Items as Json[]) {
        expect(header.Override).toBe(false);
        expect(header.Header.toLowerCase()).not.toMatch(/^(content-|cache-control|www-authenticate|location|retry-after)/);
      }
      expect(api.RemoveHeadersConfig).toBeUndefined();
      expect(api.CorsConfig).toBeUndefined();
    });

    it('leaves the API stack free of the site stack: the site depends on the API, never the other way', () => {
      expect(stacks.site.dependencies).toContain(stacks.api);
      for (const stack of [stacks.data, stacks.api, stacks.containers]) expect(stack.dependencies, stack.stackName).not.toContain(stacks.site);
      // And the API answers the page without CORS, as it is the same origin.
      const api = Template.fromStack(stacks.api).toJSON() as Json;
      const apis = Object.values(api.Resources as Json).filter((r: Json) => r.Type === 'AWS::ApiGatewayV2::Api' && r.Properties.ProtocolType === 'HTTP');
      expect(apis.map((r: Json) => r.Properties.CorsConfiguration)).toEqual([undefined]);
    });
  });

  describe("the page's routes", () => {
    /** The function's own JavaScript, run in a sandbox with a CloudFront viewer-request event. */
    function run(uri: string, querystring: Json = {}): Json {
      const code = pageRoutes().resource.Properties.FunctionCode as string;
      const handler = runInNewContext(`${code}\n;handler`, {}) as (event: Json) => Json;
      const event = {
        version: '1.0',
        context: { distributionDomainName: 'd1234.cloudfront.net', distributionId: 'E1234', eventType: 'viewer-request', requestId: 'r1' },
        viewer: { ip: '198.51.100.7' },
        request: { method: 'GET', uri, querystring, headers: { host: { value: 'd1234.cloudfront.net' } }, cookies: {} },
      };
      return handler(event);
    }

    function rewrite(uri: string): string {
      const result = run(uri);
      expect(result.method).toBe('GET');
      return result.uri as string;
    }

    it.each([
      ['/admin/', {}, '/admin'],
      ['/join/', { code: { value: 'PBMJ3-Y6B2C' } }, '/join?code=PBMJ3-Y6B2C'],
      ['/workspace/exercises//', {}, '/workspace/exercises'],
    ])('sends the page route %s to the one without its trailing slash, whose relative asset paths work', (uri, querystring, location) => {
      expect(run(uri, querystring)).toEqual({ statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: location } } });
    });

    it('runs on every viewer request of the page\'s behaviour, on the cloudfront-js-2.0 runtime', () => {
      const fn = pageRoutes();
      expect(fn.resource.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(fn.resource.Properties.AutoPublish).toBe(true);
      expect(distributionConfig().DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn.id, 'FunctionARN'] } },
      ]);
    });

    it.each(['/', '/join', '/workspace/exercises', '/admin'])('answers the page route %s with /index.html', (uri) => {
      expect(rewrite(uri)).toBe('/index.html');
    });

    it.each(['/assets/index-abc.js', '/index.html', '/config.json', '/api.html', '/favicon.svg', '/v1/health', '/v1/me/kubeconfig', '/healthz', '/api', '/apis/apps/v1', '/openapi/v3', '/version'])(
      'leaves %s as it is',
      (uri) => {
        expect(rewrite(uri)).toBe(uri);
      },
    );
  });

  describe('deployment', () => {
    function deployments(): { assets: Json; pages: Json; pagesId: string; assetsId: string } {
      const found = Object.entries(template.findResources('Custom::CDKBucketDeployment'));
      expect(found).toHaveLength(2);
      const [assetsId, assets] = found.find(([, r]) => (r as Json).Properties.Include)! as [string, Json];
      const [pagesId, pages] = found.find(([, r]) => !(r as Json).Properties.Include)! as [string, Json];
      return { assets: assets.Properties, pages: pages.Properties, assetsId, pagesId: pagesId };
    }

    it("deploys the content-hashed assets/ first, kept for a year and never pruned, for pages still open from the previous build", () => {
      const { assets } = deployments();
      expect(assets).toMatchObject({ Exclude: ['*'], Include: ['assets/*'], Prune: false, DestinationBucketName: { Ref: only('AWS::S3::Bucket').id } });
      expect(assets.SystemMetadata).toEqual({ 'cache-control': 'public, max-age=31536000, immutable' });
      expect(assets.DistributionId).toBeUndefined();
    });

    it('then the rest, revalidated on every load, pruned but for assets/, with config.json and an invalidation of the distribution', () => {
      const { assets, pages, assetsId, pagesId } = deployments();
      expect(pages).toMatchObject({ Exclude: ['assets/*'], Prune: true, DestinationBucketName: { Ref: only('AWS::S3::Bucket').id } });
      expect(pages.Include).toBeUndefined();
      expect(pages.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
      expect(pages.DistributionId).toEqual({ Ref: only('AWS::CloudFront::Distribution').id });
      expect(pages.DistributionPaths).toEqual(['/*']);
      expect(json.Resources[pagesId].DependsOn).toContain(assetsId);
      // The same build, and config.json after it.
      expect(pages.SourceObjectKeys[0]).toBe(assets.SourceObjectKeys[0]);
      expect(pages.SourceObjectKeys).toHaveLength(2);
    });

    it('writes a config.json that sends the page to its own origin', () => {
      const assembly = app.synth();
      const { pages } = deployments();
      const configAsset = join(assembly.directory, `asset.${(pages.SourceObjectKeys[1] as string).replace(/\.zip$/, '')}`);
      expect(readdirSync(configAsset)).toEqual(['config.json']);
      expect(JSON.parse(readFileSync(join(configAsset, 'config.json'), 'utf8'))).toEqual({ apiUrl: '' });
    });

    it("keeps the deployment handler's logs a month", () => {
      const handler = Object.values(template.findResources('AWS::Lambda::Function')) as Json[];
      expect(handler).toHaveLength(1);
      const logGroup = json.Resources[handler[0]!.Properties.LoggingConfig.LogGroup.Ref];
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    /** The site stack's acknowledgements: rule id -> the path it was recorded on, and its reason. */
    function acknowledgements(root: App | KubelabSiteStack): Map<string, { path: string; reason: string }> {
      const found = new Map<string, { path: string; reason: string }>();
      for (const construct of root.node.findAll()) {
        for (const entry of construct.node.metadata) {
          if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
            found.set(id.replace(/^annotation::/i, ''), { path: construct.node.path, reason });
          }
        }
      }
      return found;
    }

    it('synthesizes the whole app with no unacknowledged finding and no error annotation', () => {
      const assembly = app.synth();
      expect(findings(assembly.directory)).toEqual([]);
      expect(Annotations.fromStack(stacks.site).findError('*', Match.anyValue())).toEqual([]);
    });

    it('acknowledges each finding on the construct it is about, with a reason', () => {
      const bucket = only('AWS::S3::Bucket').id;
      const handlerFindings = [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*]`,
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        'AwsSolutions-L1',
      ];
      const acknowledged = acknowledgements(stacks.site);
      expect([...acknowledged.keys()].sort()).toEqual(
        ['AwsSolutions-S1', 'AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR3', 'AwsSolutions-CFR4', ...handlerFindings].sort(),
      );
      expect(acknowledged.get('AwsSolutions-S1')!.path).toBe(stacks.site.bucket.node.path);
      for (const rule of ['CFR1', 'CFR2', 'CFR3', 'CFR4']) expect(acknowledged.get(`AwsSolutions-${rule}`)!.path).toBe(stacks.site.distribution.node.path);
      for (const id of handlerFindings) expect(acknowledged.get(id)!.path).toMatch(/^KubelabSite\/Custom::CDKBucketDeployment[0-9A-F]+$/);
      for (const [id, { reason }] of acknowledged) expect(reason.length, id).toBeGreaterThan(60);
    });

    it("acknowledges only wildcards the handler's policy really has: CDK's grants, not ours", () => {
      const handler = Object.entries(template.findResources('AWS::Lambda::Function'))[0]!;
      const roleId = (handler[1] as Json).Properties.Role['Fn::GetAtt'][0];
      expect(JSON.stringify(json.Resources[roleId].Properties.ManagedPolicyArns)).toMatch(/^\[\{"Fn::Join":.*:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole"\]\]\}\]$/);
      const statements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p: Json) => p.Properties.Roles.some((r: Json) => r.Ref === roleId))
        .flatMap((p: Json) => p.Properties.PolicyDocument.Statement as Json[]);
      const actions = statements.flatMap((s) => asArray(s.Action));
      for (const action of ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']) expect(actions).toContain(action);
      const resources = statements.flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r));
      expect(resources).toContain(JSON.stringify({ 'Fn::Join': ['', [bucketArn(), '/*']] }));
      expect(resources).toContain('"*"');
      // '*' only for the invalidation.
      for (const statement of statements.filter((s) => s.Resource === '*')) expect(asArray(statement.Action).sort()).toEqual(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation']);
      // Deletion only in the site's own bucket.
      for (const statement of statements.filter((s) => asArray(s.Action).includes('s3:DeleteObject*'))) {
        expect(JSON.stringify(statement.Resource)).toContain(only('AWS::S3::Bucket').id);
        expect(JSON.stringify(statement.Resource)).not.toContain('cdk-hnb659fds-assets');
      }
    });

    it('would flag a distribution nobody acknowledged (the check is live)', () => {
      const probe = testApp();
      new Distribution(new Stack(probe, 'Probe'), 'Distribution', { defaultBehavior: { origin: new HttpOrigin('example.com') } });
      Validations.of(probe).addPlugins(new AwsSolutionsChecks(probe));
      expect(() => probe.synth()).toThrow(/AwsSolutions-CFR3/);
    });
  });
});

describe('a custom domain', () => {
  const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

  it('adds the alias and its us-east-1 certificate with TLS 1.2 at least, and is clean without the CFR4 acknowledgement', () => {
    const app = testApp({ 'kubelab:siteDomain': 'kubelab.example.com', 'kubelab:siteCertificateArn': certificateArn });
    const { site } = addKubelabStacks(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const json = Template.fromStack(site).toJSON() as Json;
    const distribution = Object.values(json.Resources as Json).find((r: Json) => r.Type === 'AWS::CloudFront::Distribution') as Json;
    expect(distribution.Properties.DistributionConfig.Aliases).toEqual(['kubelab.example.com']);
    expect(distribution.Properties.DistributionConfig.ViewerCertificate).toEqual({
      AcmCertificateArn: certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(json.Outputs.SiteUrl.Value).toBe('https://kubelab.example.com');
    const acknowledged = site.distribution.node.metadata.filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((e) => Object.keys(e.data as Json));
    expect(acknowledged.some((id) => id.includes('CFR4'))).toBe(false);
    expect(findings(app.synth().directory)).toEqual([]);
  });

  it.each([
    [{ 'kubelab:siteDomain': 'kubelab.example.com' }, /^domainName is "kubelab.example.com" and certificateArn is undefined: give both/],
    [{ 'kubelab:siteCertificateArn': certificateArn }, /^domainName is undefined and certificateArn is "arn:aws:acm:us-east-1:.*": give both/],
    [{ 'kubelab:siteDomain': 'https://kubelab.example.com', 'kubelab:siteCertificateArn': certificateArn }, /^domainName is "https:\/\/kubelab.example.com": use a lowercase host name/],
    [{ 'kubelab:siteDomain': 'kubelab.example.com', 'kubelab:siteCertificateArn': certificateArn.replace('us-east-1', 'eu-west-1') }, /^certificateArn is ".*eu-west-1.*": use the ARN of an ACM certificate in us-east-1/],
  ])('rejects %o before building anything', (context, message) => {
    expect(() => addKubelabStacks(testApp(context))).toThrow(message);
  });
});

describe('the built page in the asset', () => {
  it('is built at synth when missing, without config.json, and every inline script of its pages is allowed by the CSP', () => {
    const siteDir = join(tempDir('kubelab-site-build-'), 'dist');
    const app = testApp({}, ['ProbeSite', 'LocalSite']);
    const stacks = addKubelabStacks(app);
    expect(existsSync(siteDir)).toBe(false);
    // CDK bundles an asset as the construct is made.
    const probe = new KubelabSiteStack(app, 'ProbeSite', { api: stacks.api.api, siteDir });
    expect(existsSync(join(siteDir, 'index.html'))).toBe(true);
    // And a build as local mode leaves it, with a config.json for its own server: that one stays home.
    const localDir = join(siteDir, '..', 'local');
    cpSync(siteDir, localDir, { recursive: true });
    writeFileSync(join(localDir, 'config.json'), '{"apiUrl":"http://localhost:8080"}\n');
    const local = new KubelabSiteStack(app, 'LocalSite', { api: stacks.api.api, siteDir: localDir });
    const assembly = app.synth();

    /** The directory of the built page's asset of a site stack, and that stack's resources. */
    const built = (stack: KubelabSiteStack): { dir: string; resources: Json[] } => {
      const resources = Object.values((Template.fromStack(stack).toJSON() as Json).Resources as Record<string, Json>);
      const deployment = resources.find((r) => r.Type === 'Custom::CDKBucketDeployment' && r.Properties.Include)!;
      return { dir: join(assembly.directory, `asset.${(deployment.Properties.SourceObjectKeys[0] as string).replace(/\.zip$/, '')}`), resources };
    };
    const { dir: assetDir, resources } = built(probe);
    const files = readdirSync(assetDir).sort();
    expect(files).toEqual(expect.arrayContaining(['api.html', 'assets', 'favicon.svg', 'index.html']));
    expect(files).not.toContain('config.json');
    expect(readdirSync(built(local).dir)).not.toContain('config.json');
    // The page's module is in the asset, under assets/, as index.html names it.
    const index = readFileSync(join(assetDir, 'index.html'), 'utf8');
    const entry = /<script type="module" crossorigin src="\.\/(assets\/[\w.-]+\.js)">/.exec(index)?.[1];
    expect(entry).toBeDefined();
    expect(existsSync(join(assetDir, entry!))).toBe(true);
    // What the browser will hash is what the CSP allows.
    const headers = resources.filter((r) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = headers.map((h) => h.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string).find((p) => p.includes("'self'"))!;
    expect(csp).toBe(expectedPageCsp());
    const inline = readdirSync(assetDir)
      .filter((name) => name.endsWith('.html'))
      .flatMap((name) => scriptHashes(readFileSync(join(assetDir, name), 'utf8')));
    expect(inline.length).toBeGreaterThan(0);
    for (const hash of inline) expect(csp).toContain(hash);
  }, 90_000);

  it('fails the synth with a clear message when the page cannot be built', () => {
    const app = testApp({}, ['ProbeSite']);
    const stacks = addKubelabStacks(app);
    // A directory inside a file: nothing can be built there.
    const file = join(tempDir('kubelab-site-build-'), 'a-file');
    writeFileSync(file, '');
    const siteDir = join(file, 'dist');
    expect(() => new KubelabSiteStack(app, 'ProbeSite', { api: stacks.api.api, siteDir })).toThrow(
      /the web page for the site stack is not built: building it into .*a-file\/dist failed \(exit 1, output above\); `npm start` builds it the same way/,
    );
  }, 60_000);
});
