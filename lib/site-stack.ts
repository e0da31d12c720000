/**
 * The learner's web page on AWS: the built site in a private S3 bucket, served by CloudFront,
 * which also forwards the API's paths to the HTTP API, so the page and the API are one origin and
 * need no CORS. Stateless: the bucket holds only build output, made from the repository at synth.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssetHashType, CfnOutput, DockerImage, Duration, Fn, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi, IWebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as ViewerFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct, IConstruct } from 'constructs';
import { KUBE_ROOT_PATHS } from '#adapters/http/kube-request.ts';
import { CHANGES_PATH } from '#adapters/http/picture-socket.ts';
import { SITE_DIST, SITE_ROOT, type SiteConfig } from '../frontend/build.ts';
import { REPO_ROOT } from './constructs/bundling.ts';

/** The paths CloudFront hands to the HTTP API: the course API, and the Kubernetes API server's root paths and what is under them. */
const API_PATH_PATTERNS = ['/v1/*', ...KUBE_ROOT_PATHS.flatMap((root) => [root, `${root}/*`])];

/**
 * The page's Content-Security-Policy, source by source:
 * - scripts: the built modules, and the one inline script of api.html by its hash (computed at synth);
 * - styles: 'unsafe-inline', because xterm.js's DOM renderer adds `<style>` elements and sets `style`
 *   attributes on the terminal's cells (it takes no nonce), and api.html has an inline `<style>`.
 *   What CSS loads is still held to img-src and default-src ('self'), so injected CSS cannot send data away;
 * - images: 'self' and data: (CodeMirror's theme draws some marks as data: SVGs; api.html's empty favicon);
 * - connect: 'self' only: config.json and the API, which CloudFront serves on this same origin.
 */
function pageContentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes.map((hash) => `'${hash}'`)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON and Kubernetes Status answers are never rendered as a document: nothing may load, nothing may frame them. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** An inline script (one without `src`) and its text. */
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;

/**
 * CSP hashes of the inline scripts of the site's HTML (frontend/index.html and the pages Vite
 * copies verbatim from public/), as a browser computes them: over the text with its line breaks
 * normalized to LF, as the HTML parser does.
 */
function inlineScriptHashes(): string[] {
  const publicDir = join(SITE_ROOT, 'public');
  const pages = [join(SITE_ROOT, 'index.html'), ...readdirSync(publicDir).filter((name) => name.endsWith('.html')).map((name) => join(publicDir, name))];
  const hashes = pages.flatMap((page) =>
    [...readFileSync(page, 'utf8').matchAll(INLINE_SCRIPT)].map(
      ([, text = '']) => `sha256-${createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('base64')}`,
    ),
  );
  return [...new Set(hashes)].sort();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The viewer-request function of the page's behaviour: a path with no file extension that is not
 * the API's is one of the page's own routes (`/`, `/join`), answered with index.html. The API's
 * paths never reach this behaviour (their own behaviours match first); they are excluded here too,
 * from the same list, so a change of behaviours cannot turn an API path into the page.
 */
function pageRoutesCode(apiPatterns: readonly string[]): string {
  const api = apiPatterns.map((pattern) => (pattern.endsWith('/*') ? escapeRegExp(pattern.slice(0, -1)) : `${escapeRegExp(pattern)}$`)).join('|');
  return [
    'function handler(event) {',
    '  var request = event.request;',
    `  if (/^(?:${api})/.test(request.uri) || /\\.[^/]*$/.test(request.uri)) return request;`,
    // The page's files are named relative to it (`./assets/...`, Vite's base './'), so `/admin/`
    // would look for them under /admin/: a page route with a trailing slash is sent to the one without.
    "  if (request.uri.length > 1 && request.uri.endsWith('/')) {",
    '    var query = Object.keys(request.querystring).map(function (k) { var v = request.querystring[k].value; return v === "" ? k : k + "=" + v; }).join("&");',
    "    var location = request.uri.replace(/\\/+$/, '') || '/';",
    "    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: location + (query ? '?' + query : '') } } };",
    '  }',
    "  request.uri = '/index.html';",
    '  return request;',
    '}',
  ].join('\n');
}

/**
 * The viewer-request function of the picture's WebSocket path: API Gateway's WebSocket API serves a
 * stage at its own path only (`/changes`), so the page's `/v1/me/cluster/changes` is rewritten to it.
 */
function changesPathCode(stageName: string): string {
  return ['function handler(event) {', '  var request = event.request;', `  request.uri = ${JSON.stringify(`/${stageName}`)};`, '  return request;', '}'].join('\n');
}

/** Properties of the KubelabSiteStack. */
export interface KubelabSiteStackProps extends StackProps {
  /** The HTTP API of KubelabApiStack: the distribution forwards the API's paths to its endpoint. */
  readonly api: IHttpApi;

  /**
   * The live picture's WebSocket API and stage (KubelabApiStack's PictureChannel): the distribution
   * forwards CHANGES_PATH to it, so the page opens its socket on its own origin.
   *
   * @default - none: the path goes to the HTTP API like the rest of /v1, and the page polls
   */
  readonly pictureChanges?: { readonly api: IWebSocketApi; readonly stageName: string };

  /**
   * The site's own domain name (`kubelab.example.com`); DNS is left to the operator (a CNAME or
   * alias to the distribution's domain).
   *
   * @default - the distribution's own domain, `d1234.cloudfront.net`
   */
  readonly domainName?: string;

  /**
   * ARN of an ACM certificate for `domainName`, in us-east-1 (where CloudFront reads certificates).
   * Required with `domainName`, and only with it.
   *
   * @default - none
   */
  readonly certificateArn?: string;

  /**
   * Where the page is built (by `ensureSite()` from frontend/build.ts, when missing or older than
   * its sources, as `npm start` does) and deployed from, less config.json.
   *
   * @default SITE_DIST (frontend/dist)
   */
  readonly siteDir?: string;
}

/** The learner's page in a private bucket behind CloudFront, with the course and Kubernetes APIs on the same origin. */
export class KubelabSiteStack extends Stack {
  /** The built site; only CloudFront reads it. */
  readonly bucket: Bucket;
  /** Serves the page from the bucket and the API's paths from the HTTP API. */
  readonly distribution: Distribution;
  /** The site's URL: `https://` and its domain name, or the distribution's. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: KubelabSiteStackProps) {
    super(scope, id, props);
    const domain = validateDomain(props.domainName, props.certificateArn);

    // RETAIN rather than DESTROY: DESTROY fails the stack's deletion while the bucket holds files,
    // and autoDeleteObjects would add a function that the bucket policy must allow to delete
    // objects and rewrite the policy, a second principal in a policy whose point is that CloudFront
    // is the only reader. What is left after `cdk destroy` is build output (a few MB, its name is an
    // output): `aws s3 rb --force s3://<name>`.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only CloudFront reads this bucket (origin access control, all public access blocked) and only the deployment writes it; every read is a CloudFront request for a public file of the page, and the API logs its own requests (API Gateway access logs).',
    });

    const pageRoutes = new ViewerFunction(this, 'PageRoutes', {
      comment: 'Kubelab: a page route (no file extension, not an API path) is answered with index.html',
      code: FunctionCode.fromInline(pageRoutesCode(API_PATH_PATTERNS)),
      runtime: FunctionRuntime.JS_2_0,
    });
    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // Never cached, every method, every header (Authorization among them), cookie and query string
    // but Host, which API Gateway needs to be its own. The headers policy only adds headers the API
    // did not send (override false): its Content-Type, Cache-Control and the rest stay as they are.
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      // Not a redirect: a client that sent its bearer token over http must fail, not be followed.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders(this, 'ApiHeaders', API_CONTENT_SECURITY_POLICY, false),
    };
    // The picture's socket: an upgrade CloudFront passes through (every header but Host, so the
    // subprotocols carrying the token reach API Gateway), never cached, no body methods.
    const changesBehaviors: Record<string, BehaviorOptions> = props.pictureChanges
      ? {
          [CHANGES_PATH]: {
            ...apiBehavior,
            origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.pictureChanges.api.apiEndpoint)), {
              protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
              originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            }),
            allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
            functionAssociations: [
              {
                function: new ViewerFunction(this, 'ChangesPath', {
                  comment: "Kubelab: the live picture's socket path to the WebSocket API's stage",
                  code: FunctionCode.fromInline(changesPathCode(props.pictureChanges.stageName)),
                  runtime: FunctionRuntime.JS_2_0,
                }),
                eventType: FunctionEventType.VIEWER_REQUEST,
              },
            ],
          },
        }
      : {};
    // No errorResponses (403/404 -> index.html): they apply to every behaviour, so the API's 404s
    // (kubectl's NotFound Status, the course API's problem details) would become the page with a
    // 200. Page routes are rewritten by the function above instead, on the page's behaviour only.
    this.distribution = new Distribution(this, 'Distribution', {
      comment: "Kubelab: the learner's page, and the course and Kubernetes APIs on the same origin",
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders(this, 'PageHeaders', pageContentSecurityPolicy(inlineScriptHashes()), true),
        functionAssociations: [{ function: pageRoutes, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      // The socket's exact path first: CloudFront takes the first behaviour that matches, and /v1/* would.
      additionalBehaviors: { ...changesBehaviors, ...Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])) },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(domain
        ? {
            domainNames: [domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.acknowledgeDistribution(domain !== undefined);
    this.url = `https://${domain?.name ?? this.distribution.distributionDomainName}`;

    this.deploySite(props.siteDir ?? SITE_DIST);

    new CfnOutput(this, 'SiteUrl', { description: "The learner's page (and the API, on the same origin)", value: this.url });
    new CfnOutput(this, 'DistributionId', { description: 'CloudFront distribution of the site', value: this.distribution.distributionId });
    new CfnOutput(this, 'BucketName', { description: "S3 bucket holding the built page (retained when the stack is deleted)", value: this.bucket.bucketName });
  }

  /**
   * Two deployments of one build. The content-hashed files under assets/ first, never pruned: a
   * page opened before a deploy still loads its lazy chunks (the workspace, the editor) after it,
   * and a name never changes content, so browsers keep them a year. Then the rest with no-cache,
   * pruned (but for assets/), with config.json and an invalidation of the distribution's cache.
   */
  private deploySite(siteDir: string): void {
    const build = builtSite(this, siteDir);
    const site = Source.bucket(build.bucket, build.s3ObjectKey);
    // The page asks its own origin, where CloudFront serves the API: `""` is "this origin" to the page.
    const config: SiteConfig = { apiUrl: '' };
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [site],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      logGroup,
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [site, Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup,
    });
    pages.node.addDependency(assets);
    // Both deployments share one handler (a singleton function); its role is a child of it.
    acknowledgeDeploymentHandler(assets.handlerRole.node.scope!, this.bucket, build.bucket.bucketName);
  }

  private acknowledgeDistribution(customDomain: boolean): void {
    const distribution = Validations.of(this.distribution);
    distribution.acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Learners join a course from wherever they are; there is no country to block, and the API authenticates every request with a bearer token.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No AWS WAF web ACL: the page is static files, the API authenticates every request and API Gateway throttles the whole API (100 requests/s, burst 200); a web ACL costs a fixed monthly fee a classroom deployment does not need. An operator can attach one to the distribution.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "No CloudFront access logs: they would store every learner's IP address for requests of public static files; the API's requests, the ones that matter, are logged by API Gateway's access logs.",
      },
    );
    if (!customDomain) {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          "Without a custom domain the distribution uses CloudFront's default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes (TLSv1) and does not let a template set; with kubelab:siteDomain and kubelab:siteCertificateArn the minimum is TLSv1.2_2021.",
      });
    }
  }
}

/** A response headers policy with the security headers, `override` saying whether they replace the origin's own. */
function securityHeaders(scope: Construct, id: string, contentSecurityPolicy: string, override: boolean): ResponseHeadersPolicy {
  return new ResponseHeadersPolicy(scope, id, {
    comment: `Kubelab security headers (${id})`,
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy, override },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override },
      contentTypeOptions: { override },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override },
      // The page's URLs carry nothing secret (the token lives in localStorage), but nothing it
      // fetches or links to needs to know where the learner came from either.
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override },
    },
    customHeadersBehavior: {
      customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override }],
    },
  });
}

/**
 * The built page as one asset: at synth, `ensureSite()` brings `siteDir` up to date (the build
 * `npm start` serves), and its files but config.json (local mode's) are the asset. Hashed by its
 * content, so an unchanged page deploys nothing. Stacks that skip bundling (`cdk deploy KubelabApi`,
 * the tests) neither build nor need it.
 */
function builtSite(scope: Construct, siteDir: string): Asset {
  return new Asset(scope, 'Site', {
    path: SITE_ROOT,
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: tryBundle builds with this Node or throws, so Docker is never asked.
      image: DockerImage.fromRegistry('kubelab-site-builds-locally'),
      // Not for a container: CDK keys its in-process cache of bundles by these options, so two
      // sites built from two directories in one app are two bundles.
      environment: { KUBELAB_SITE_DIR: siteDir },
      local: {
        tryBundle(outputDir: string): boolean {
          ensureSiteBuilt(siteDir);
          cpSync(siteDir, outputDir, { recursive: true, filter: (path) => path !== join(siteDir, 'config.json') });
          return true;
        },
      },
    },
  });
}

/** Runs frontend/build.ts `ensureSite(siteDir)` to its end: CDK bundles synchronously, the build is async. */
function ensureSiteBuilt(siteDir: string): void {
  const build = pathToFileURL(join(SITE_ROOT, 'build.ts')).href;
  const script = `const { ensureSite } = await import(${JSON.stringify(build)}); await ensureSite(${JSON.stringify(siteDir)});`;
  // Its output goes to stderr, as CDK's own bundling output does.
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  if (result.error || result.status !== 0 || !existsSync(join(siteDir, 'index.html'))) {
    const how = result.error ? `could not start (${result.error.message})` : result.status !== 0 ? `failed (exit ${result.status ?? result.signal}, output above)` : 'wrote no index.html';
    throw new Error(`the web page for the site stack is not built: building it into ${siteDir} ${how}; \`npm start\` builds it the same way and shows why`);
  }
}

/**
 * Acknowledges cdk-nag's findings on aws-s3-deployment's handler (one singleton function for both
 * deployments, its role a child of it), each by its exact finding: the grants are CDK's own
 * (grantRead on the assets bucket, grantReadWrite on the site's, the invalidation), not ours to narrow.
 */
function acknowledgeDeploymentHandler(handler: IConstruct, siteBucket: Bucket, assetsBucketName: string): void {
  const stack = Stack.of(handler);
  const siteBucketArn = `<${stack.getLogicalId(siteBucket.node.defaultChild as CfnBucket)}.Arn>`;
  // As cdk-nag writes the bootstrap assets bucket (`cdk-<qualifier>-assets-<AWS::AccountId>-<AWS::Region>`).
  const resolved = stack.resolve(assetsBucketName) as string | { 'Fn::Sub': string };
  const assetsBucket = (typeof resolved === 'string' ? resolved : resolved['Fn::Sub']).replace(/\$\{([^}]+)\}/g, '<$1>');
  const what = "aws-s3-deployment's handler, which copies the built page from the CDK assets bucket into the site's bucket and invalidates the distribution";
  const findings: Readonly<Record<string, string>> = {
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'CDK gives it the AWS managed policy that lets a function write its own logs, and nothing else',
    L1: 'its runtime (Python, with the AWS CLI layer) is chosen by aws-cdk-lib and moves with it; it is not ours to set',
    'IAM5[Action::s3:GetObject*]': 'it reads the zip of the build from the assets bucket and compares the files already in the site bucket',
    'IAM5[Action::s3:GetBucket*]': 'aws s3 sync reads the site bucket (and the assets bucket) before it copies',
    'IAM5[Action::s3:List*]': 'aws s3 sync lists the site bucket to know which files changed and which to prune',
    'IAM5[Action::s3:DeleteObject*]': 'it prunes files no longer in the build, in the site bucket only (and never assets/)',
    'IAM5[Action::s3:Abort*]': 'it aborts its own failed multipart uploads, in the site bucket only',
    [`IAM5[Resource::${siteBucketArn}/*]`]: "it writes every file of the build, so any object of the site's bucket, which holds nothing else",
    [`IAM5[Resource::arn:<AWS::Partition>:s3:::${assetsBucket}/*]`]: 'it reads objects of the bootstrap assets bucket, where CDK uploads the zip of the build under a name known only at publish time',
    'IAM5[Resource::*]': 'cloudfront:CreateInvalidation and GetInvalidation, which CDK grants on every distribution; they change no content',
  };
  Validations.of(handler).acknowledge(...Object.entries(findings).map(([id, reason]) => ({ id: `AwsSolutions-${id}`, reason: `${what}: ${reason}.` })));
}

/** The custom domain, when both its name and certificate are given; fails on half of one. */
function validateDomain(name: string | undefined, certificateArn: string | undefined): { name: string; certificateArn: string } | undefined {
  if (name === undefined && certificateArn === undefined) return undefined;
  if (name === undefined || certificateArn === undefined) {
    throw new Error(`domainName is ${JSON.stringify(name)} and certificateArn is ${JSON.stringify(certificateArn)}: give both (kubelab:siteDomain and kubelab:siteCertificateArn) or neither`);
  }
  if (!Token.isUnresolved(name) && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(name)) {
    throw new Error(`domainName is ${JSON.stringify(name)}: use a lowercase host name such as kubelab.example.com, without scheme or path`);
  }
  if (!Token.isUnresolved(certificateArn) && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(`certificateArn is ${JSON.stringify(certificateArn)}: use the ARN of an ACM certificate in us-east-1, where CloudFront reads certificates`);
  }
  return { name, certificateArn };
}
