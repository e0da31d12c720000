/**
 * What well-known programs print when they start, word for word as their official images do,
 * stamped from the container's start: nginx's entrypoint and worker lines, Apache's AH00558,
 * Redis's banner, the database images' refusal to start without a password. Plus the periodic
 * kube-probe requests a web server logs when a readiness probe calls it. Pure functions of
 * their inputs, so a log is the same however often it is read.
 */
import type { LogStyle } from './catalogue.ts';
import type { ScriptLine } from './shell.ts';
import { compareVersions } from './versions.ts';

/** What a start-up banner depends on. */
export interface LogContext {
  /** Epoch ms at offset 0 (the container's start). */
  readonly startMs: number;
  /** The program's version, from the image build. */
  readonly version: string;
  readonly podIP: string;
  readonly hostname: string;
  /** Where the program listens. */
  readonly port: number | undefined;
  /** The container's environment (for the database images' checks). */
  readonly env: Readonly<Record<string, string>>;
  /** True when the program refuses to start (a required variable is missing). */
  readonly missingEnv: boolean;
  /** The program's arguments (agnhost's subcommand decides what it prints). */
  readonly args?: readonly string[];
  /** Started through the image's entrypoint script (which prints its own set-up lines). */
  readonly viaEntrypoint: boolean;
  /** An HTTP readiness probe calling the server: first call and period, in ms from the start. */
  readonly probe?: { readonly firstMs: number; readonly periodMs: number; readonly path: string; readonly nodeIP: string; readonly status: number };
}

// The entrypoint script came with nginx 1.19 (older images run nginx directly, silently); 1.21
// added "info:" and the worker tuning script, 1.25 the local resolvers. Each line: since, offset, text.
const NGINX_ENTRYPOINT: readonly (readonly [string, number, string])[] = [
  ['1.19.0', 0, '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration'],
  ['1.19.0', 0, '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/'],
  ['1.19.0', 1, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh'],
  ['1.19.0', 3, '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf'],
  ['1.19.0', 5, '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf'],
  ['1.25.0', 6, '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh'],
  ['1.19.0', 6, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh'],
  ['1.21.0', 8, '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh'],
  ['1.19.0', 9, '/docker-entrypoint.sh: Configuration complete; ready for start up'],
];

// Packages from 1.21 log at `notice` (older ones at `warn`: no start-up lines); the compiler is the base image's.
const NGINX_NOTICES_SINCE = '1.21.0';
const nginxCompiler = (version: string) =>
  compareVersions(version, '1.25.0') >= 0 ? 'gcc 12.2.0 (Debian 12.2.0-14+deb12u1)' : 'gcc 10.2.1 20210110 (Debian 10.2.1-6)';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `2026/11/25 14:37:07`, as Go's log package and nginx's error log print time. */
function slashed(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `25 Nov 2026 14:37:07.123`, Redis's log time. */
function redisTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** `25/Nov/2026:14:37:07 +0000`, the combined access log's time. */
function accessTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** `Wed Nov 25 14:37:07.123456 2026`, Apache's error log time. */
function apacheTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(ms % 1000, 3)} ${d.getUTCFullYear()}`;
}

/** `I1125 14:37:07.123000       1 log.go:195] `, a klog line's header (the microseconds are the milliseconds' digits). */
function klogHeader(ms: number): string {
  const d = new Date(ms);
  return `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000       1 log.go:195] `;
}

/** `2026-11-25 14:37:07.123 UTC`, PostgreSQL's log time; `2026-11-25T14:37:07.123456Z` for MySQL. */
function isoSpace(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** The lines `style` prints from offset 0 until `untilMs` (exclusive of later ones), at most `maxLines` of the newest. */
export function styleLines(style: LogStyle, context: LogContext, untilMs: number, maxLines: number): ScriptLine[] {
  const lines: ScriptLine[] = [];
  const at = (offsetMs: number, text: string, stream: ScriptLine['stream'] = 'stdout') => {
    if (offsetMs <= untilMs) lines.push({ offsetMs, text, stream });
  };
  const t = (offsetMs: number) => context.startMs + offsetMs;
  switch (style) {
    case 'nginx': {
      const { version } = context;
      const since = (first: string) => compareVersions(version, first) >= 0;
      const before121 = !since(NGINX_NOTICES_SINCE);
      if (context.viaEntrypoint) {
        for (const [first, offset, text] of NGINX_ENTRYPOINT) if (since(first)) at(offset, before121 ? text.replace(': info: ', ': ') : text);
      }
      if (!before121) {
        const notice = (offset: number, text: string) => at(offset, `${slashed(t(offset))} [notice] 1#1: ${text}`, 'stderr');
        notice(12, 'using the "epoll" event method');
        notice(12, `nginx/${version}`);
        notice(12, `built by ${nginxCompiler(version)} `);
        notice(12, 'OS: Linux 6.1.132-147.221.amzn2023.x86_64');
        notice(12, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
        notice(13, 'start worker processes');
        notice(13, 'start worker process 29');
        notice(13, 'start worker process 30');
      }
      probeLines(context, untilMs, maxLines, (offset, probe) =>
        at(offset, `${probe.nodeIP} - - [${accessTime(t(offset))}] "GET ${probe.path} HTTP/1.1" ${probe.status} ${probe.status === 200 ? (before121 ? 612 : 615) : 153} "-" "kube-probe/1.32" "-"`));
      break;
    }
    case 'httpd': {
      const ah00558 = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${context.podIP}. Set the 'ServerName' directive globally to suppress this message`;
      at(0, ah00558, 'stderr');
      at(2, ah00558, 'stderr');
      at(4, `[${apacheTime(t(4))}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${context.version} (Unix) configured -- resuming normal operations`, 'stderr');
      at(4, `[${apacheTime(t(4))}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`, 'stderr');
      probeLines(context, untilMs, maxLines, (offset, probe) =>
        at(offset, `${probe.nodeIP} - - [${accessTime(t(offset))}] "GET ${probe.path} HTTP/1.1" ${probe.status} ${probe.status === 200 ? 45 : 196}`));
      break;
    }
    case 'redis': {
      const c = (offset: number, mark: string, text: string) => at(offset, `1:C ${redisTime(t(offset))} ${mark} ${text}`);
      const m = (offset: number, mark: string, text: string) => at(offset, `1:M ${redisTime(t(offset))} ${mark} ${text}`);
      // Before 7.0 the start-up lines were warnings (#); 6.2 added the clock line, 7.2 the listener after "connections".
      const since = (first: string) => compareVersions(context.version, first) >= 0;
      const notice = since('7.0.0') ? '*' : '#';
      c(0, notice, 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
      c(0, notice, `Redis version=${context.version}, bits=64, commit=00000000, modified=0, pid=1, just started`);
      c(0, '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf');
      if (since('6.2.0')) m(1, '*', 'monotonic clock: POSIX clock_gettime');
      m(1, '*', `Running mode=standalone, port=${context.port ?? 6379}.`);
      m(2, notice, 'Server initialized');
      m(2, '*', since('7.2.0') ? 'Ready to accept connections tcp' : 'Ready to accept connections');
      break;
    }
    case 'postgres':
      if (context.missingEnv) {
        [
          'Error: Database is uninitialized and superuser password is not specified.',
          '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
          '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
          '',
          '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
          '       connections without a password. This is *not* recommended.',
          '',
          '       See PostgreSQL documentation about "trust":',
          '       https://www.postgresql.org/docs/current/auth-trust.html',
        ].forEach((text) => at(30, text, 'stderr'));
        break;
      }
      at(40, 'The files belonging to this database system will be owned by user "postgres".');
      at(40, 'This user must also own the server process.');
      at(1_900, 'PostgreSQL init process complete; ready for start up.');
      at(2_400, `${isoSpace(t(2_400))} [1] LOG:  starting PostgreSQL ${context.version} (Debian ${context.version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`, 'stderr');
      at(2_401, `${isoSpace(t(2_401))} [1] LOG:  listening on IPv4 address "0.0.0.0", port ${context.port ?? 5432}`, 'stderr');
      at(2_500, `${isoSpace(t(2_500))} [1] LOG:  database system is ready to accept connections`, 'stderr');
      break;
    case 'mysql': {
      const note = (offset: number, level: string, text: string) => at(offset, `${new Date(t(offset)).toISOString().slice(0, 19).replace('T', ' ')}+00:00 [${level}] [Entrypoint]: ${text}`);
      note(0, 'Note', `Entrypoint script for MySQL Server ${context.version}-1.el9 started.`);
      note(40, 'Note', "Switching to dedicated user 'mysql'");
      note(60, 'Note', `Entrypoint script for MySQL Server ${context.version}-1.el9 started.`);
      if (context.missingEnv) {
        note(90, 'ERROR', 'Database is uninitialized and password option is not specified');
        ['    You need to specify one of the following as an environment variable:', '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD'].forEach((text) => at(90, text));
        break;
      }
      note(200, 'Note', 'Initializing database files');
      at(12_000, `${new Date(t(12_000)).toISOString().replace('Z', '000Z')} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${context.version}'  socket: '/var/run/mysqld/mysqld.sock'  port: ${context.port ?? 3306}  MySQL Community Server - GPL.`);
      break;
    }
    case 'http-echo':
      if (context.missingEnv) at(0, 'Missing -text option!', 'stderr');
      else at(1, `${slashed(t(1))} [INFO] server is listening on :${context.port ?? 5678}`, 'stderr');
      break;
    case 'whoami':
      at(1, `${slashed(t(1))} Starting up on port ${context.port ?? 80}`);
      break;
    case 'hello-world':
      [
        '',
        'Hello from Docker!',
        'This message shows that your installation appears to be working correctly.',
        '',
        'To generate this message, Docker took the following steps:',
        ' 1. The Docker client contacted the Docker daemon.',
        ' 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.',
        '    (amd64)',
        ' 3. The Docker daemon created a new container from that image which runs the',
        '    executable that produces the output you are currently reading.',
        ' 4. The Docker daemon streamed that output to the Docker client, which sent it',
        '    to your terminal.',
        '',
        'To try something more ambitious, you can run an Ubuntu container with:',
        ' $ docker run -it ubuntu bash',
        '',
        'Share images, automate workflows, and more with a free Docker ID:',
        ' https://hub.docker.com/',
        '',
        'For more examples and ideas, visit:',
        ' https://docs.docker.com/get-started/',
        '',
      ].forEach((text) => at(2, text));
      break;
    case 'python-http':
      at(5, `Serving HTTP on 0.0.0.0 port ${context.port ?? 8000} (http://0.0.0.0:${context.port ?? 8000}/) ...`);
      probeLines(context, untilMs, maxLines, (offset, probe) =>
        at(offset, `${probe.nodeIP} - - [${accessTime(t(offset)).replace(' +0000', '')}] "GET ${probe.path} HTTP/1.1" ${probe.status} -`, 'stderr'));
      break;
    case 'bootcamp': {
      // console.log of Node 6 joins its arguments with spaces: hence the double space and the trailing one, then an empty line.
      const listening = 300;
      at(listening, `Kubernetes Bootcamp App Started At: ${new Date(t(listening)).toISOString()} | Running On:  ${context.hostname} `);
      at(listening, '');
      probeLines(context, untilMs, maxLines, (offset, _probe, n) =>
        at(offset, `Running On: ${context.hostname} | Total Requests: ${n} | App Uptime: ${(offset - listening) / 1000} seconds | Log Time: ${new Date(t(offset)).toISOString()}`));
      break;
    }
    case 'hello-app':
      at(1, `${slashed(t(1))} Server listening on port ${context.port ?? 8080}`, 'stderr');
      probeLines(context, untilMs, maxLines, (offset, probe) => at(offset, `${slashed(t(offset))} Serving request: ${probe.path}`, 'stderr'));
      break;
    case 'agnhost': {
      const [subcommand = 'pause'] = context.args ?? [];
      if (subcommand === 'pause') at(1, 'Paused');
      if (subcommand === 'netexec') {
        at(2, `${klogHeader(t(2))}Started HTTP server on port ${context.port ?? 8080}`, 'stderr');
        at(2, `${klogHeader(t(2))}Started UDP server on port  ${portFlag(context.args ?? [], '--udp-port') ?? 8081}`, 'stderr');
      }
      break;
    }
    case 'echoserver':
      at(0, 'Generating self-signed cert');
      at(5, 'Generating a 2048 bit RSA private key', 'stderr');
      at(180, '.......................+++', 'stderr');
      at(260, '.........+++', 'stderr');
      at(261, "writing new private key to '/certs/privateKey.key'", 'stderr');
      at(261, '-----', 'stderr');
      at(280, 'Starting nginx');
      break;
    case 'generic':
      if (context.port !== undefined) at(50, `Listening on port ${context.port}`);
      break;
    case 'none':
      break;
  }
  return lines.length > maxLines ? lines.slice(-maxLines) : lines;
}

/** The readiness probe's calls up to `untilMs`, only as many as can still be kept. */
function probeLines(
  context: LogContext,
  untilMs: number,
  maxLines: number,
  emit: (offsetMs: number, probe: NonNullable<LogContext['probe']>, callNumber: number) => void,
): void {
  const probe = context.probe;
  if (!probe || probe.periodMs <= 0 || untilMs < probe.firstMs || !Number.isFinite(untilMs)) return;
  const last = Math.floor((untilMs - probe.firstMs) / probe.periodMs);
  for (let k = Math.max(0, last - maxLines + 1); k <= last; k++) emit(probe.firstMs + k * probe.periodMs, probe, k + 1);
}

/** The port a flag sets: `--port 8080`, `--port=8080`, `-listen=:5678`. */
export function portFlag(args: readonly string[], flag: string): number | undefined {
  for (const [i, arg] of args.entries()) {
    const value = arg === flag ? args[i + 1] : arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : undefined;
    if (value !== undefined) return Number(value.replace(/^.*:/, '')) || undefined;
  }
  return undefined;
}
