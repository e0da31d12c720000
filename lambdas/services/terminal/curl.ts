/**
 * The web terminal's `curl`: a request into the learner's cluster through the simulated
 * kube-proxy, to a Service's name or cluster IP, a node's NodePort, the load balancer's address
 * or a pod's IP. It prints what the container answered, as curl prints it, and a line saying
 * which pod kube-proxy chose; `--repeat N` sends N requests and shows how they spread over the
 * ready endpoints. No ready endpoint: curl's own error, and its exit code. At an ingress
 * controller's address the URL's path and the Host header (`-H 'Host: foo.example'`, or the URL's
 * host with `--resolve foo.example:80:<address>`) choose the Ingress rule, and https is served there.
 */
import type { HttpRequestLine } from '#core/ingress-routing.ts';
import type { Delivery } from '#core/traffic.ts';
import { UNANSWERED_CONNECT_MS } from '#core/traffic-policy.ts';

/** Where to send and how many, as the cluster takes it. */
export interface CurlRequest extends HttpRequestLine {
  readonly host: string;
  readonly port: number;
  readonly count: number;
  readonly path: string;
}

/** The port the curl command needs: sends requests into a learner's cluster. */
export type ClusterTraffic = (clusterId: string, request: CurlRequest) => Promise<readonly Delivery[]>;

/** A curl command line the terminal cannot run, in curl's words. */
export class CurlUsageError extends Error {
  override readonly name = 'CurlUsageError';
}

/** A parsed curl command line. */
export interface CurlCommand extends CurlRequest {
  readonly url: string;
  readonly verbose: boolean;
  readonly silent: boolean;
  readonly includeHeaders: boolean;
  /** -m / --max-time / --connect-timeout: how long curl waits for an unanswered connection, in seconds. */
  readonly timeoutSeconds?: number;
}

/** What curl printed and its exit code. */
export interface CurlOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const MAX_REPEAT = 100;

/** A `-H` header's value when it is the Host header. */
function hostHeaderOf(header: string | undefined): string | undefined {
  if (header === undefined) throw new CurlUsageError('curl: option -H: requires parameter');
  const match = /^\s*host\s*:\s*(\S*)\s*$/i.exec(header);
  if (!match) throw new CurlUsageError(`curl: header ${JSON.stringify(header)}: the terminal's curl sends a Host header only`);
  return match[1];
}

/** Reads curl's arguments: `[-s] [-v] [-i] [-k] [-H 'Host: name'] [--resolve name:port:address] [--repeat N] URL`. */
export function parseCurl(args: readonly string[]): CurlCommand {
  let url: string | undefined;
  let hostHeader: string | undefined;
  let insecure = false;
  const resolve = new Map<string, string>();
  let verbose = false;
  let silent = false;
  let includeHeaders = false;
  let count = 1;
  let timeoutSeconds: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--repeat' || arg.startsWith('--repeat=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      count = Number(value);
      if (!Number.isInteger(count) || count < 1 || count > MAX_REPEAT) throw new CurlUsageError(`curl: --repeat takes a whole number from 1 to ${MAX_REPEAT}`);
    } else if (arg === '-H' || arg === '--header') hostHeader = hostHeaderOf(args[++i]);
    else if (arg.startsWith('-H') && arg.length > 2) hostHeader = hostHeaderOf(arg.slice(2));
    else if (arg === '--resolve') {
      const entry = /^([^:]+):(\d+):(.+)$/.exec(args[++i] ?? '');
      if (!entry) throw new CurlUsageError('curl: option --resolve: is badly used here (--resolve <host>:<port>:<address>)');
      resolve.set(`${entry[1]!.toLowerCase()}:${entry[2]}`, entry[3]!);
    } else if (arg === '--insecure') insecure = true;
    else if (arg === '-m' || arg === '--max-time' || arg === '--connect-timeout' || arg.startsWith('--max-time=') || arg.startsWith('--connect-timeout=')) {
      const value = Number(arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i]);
      if (!Number.isFinite(value) || value <= 0) throw new CurlUsageError(`curl: option ${arg.replace(/=.*/, '')}: expected a proper numerical parameter`);
      timeoutSeconds = Math.min(timeoutSeconds ?? Infinity, value);
    } else if (arg === '--verbose') verbose = true;
    else if (arg === '--silent') silent = true;
    else if (arg === '--include') includeHeaders = true;
    else if (/^-[svik]+$/.test(arg)) {
      verbose ||= arg.includes('v');
      silent ||= arg.includes('s');
      includeHeaders ||= arg.includes('i');
      insecure ||= arg.includes('k');
    } else if (arg.startsWith('-')) {
      throw new CurlUsageError(`curl: option ${arg}: is not available here (the terminal's curl takes -s, -v, -i, -k, -m SECONDS, -H 'Host: name', --resolve name:port:address and --repeat N)`);
    } else if (url === undefined) url = arg;
    else throw new CurlUsageError('curl: one URL at a time here');
  }
  if (url === undefined) throw new CurlUsageError("curl: no URL specified\ncurl: try 'curl http://<service>:<port>/' (a Service's name, cluster IP, NodePort or EXTERNAL-IP)");
  const match = /^(?:(https?):\/\/)?(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([/?#].*)?$/i.exec(url);
  if (!match) throw new CurlUsageError(`curl: (3) URL rejected: Bad hostname`);
  const [, given = 'http', urlHost = '', port, path = '/'] = match;
  const scheme = given.toLowerCase() === 'https' ? 'https' : 'http';
  const portNumber = port === undefined ? (scheme === 'https' ? 443 : 80) : Number(port);
  if (portNumber < 1 || portNumber > 65535) throw new CurlUsageError(`curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535`);
  // --resolve: connect to the address given for the URL's host and port, which stays the Host header.
  const resolved = resolve.get(`${urlHost.toLowerCase()}:${portNumber}`);
  const header = hostHeader ?? (resolved ? urlHost : undefined);
  return {
    url,
    host: resolved ?? urlHost,
    port: portNumber,
    path: path.startsWith('/') ? path : `/${path}`,
    scheme,
    ...(header !== undefined ? { hostHeader: header } : {}),
    ...(insecure ? { insecure } : {}),
    count,
    verbose,
    silent,
    includeHeaders,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

const FAILURE_CODES = { 'no-such-host': 6, 'connection-refused': 7, 'timed-out': 28, certificate: 60 } as const;
const PLAIN_HTTP = 'curl: (35) the simulated containers serve plain http: use http:// (https is served by an ingress controller)\n';
const STATUS_LINES = { 200: 'HTTP/1.1 200 OK', 404: 'HTTP/1.1 404 Not Found', 503: 'HTTP/1.1 503 Service Temporarily Unavailable' } as const;

/** Prints what the requests found, as curl (and, for `--repeat`, a tally) would. */
export function formatCurl(command: CurlCommand, deliveries: readonly Delivery[]): CurlOutput {
  if (command.count > 1) return tally(command, deliveries);
  const delivery = deliveries[0];
  if (!delivery) return { stdout: '', stderr: 'curl: no request was sent\n', exitCode: 1 };
  if (!delivery.ok) return failure(command, delivery);
  const throughIngress = delivery.via === 'ingress-controller' || delivery.ingress !== undefined;
  if (command.scheme === 'https' && !throughIngress) return { stdout: '', stderr: PLAIN_HTTP, exitCode: 35 };
  const body = delivery.page ?? '';
  const headers = [
    STATUS_LINES[delivery.via === 'ingress-controller' ? delivery.status : 200],
    `Content-Type: ${body.startsWith('<') ? 'text/html' : 'text/plain; charset=utf-8'}`,
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    '',
  ];
  const verbose = command.verbose
    ? [
        `*   Trying ${delivery.address}:${command.port}...`,
        `* Connected to ${command.host} (${delivery.address}) port ${command.port}`,
        `> GET ${command.path} HTTP/1.1`,
        `> Host: ${command.hostHeader ?? (command.port === (command.scheme === 'https' ? 443 : 80) ? command.host : `${command.host}:${command.port}`)}`,
        '> User-Agent: curl/8.5.0',
        '> Accept: */*',
        '>',
        ...headers.map((line) => (line ? `< ${line}` : '<')),
      ].join('\n') + '\n'
    : '';
  const unknown = delivery.page === undefined ? ' (Kubelab does not know what its program answers, so the body is empty)' : '';
  const note = command.silent && !command.verbose ? '' : `${routing(delivery)}${unknown}\n`;
  const stdout = `${command.includeHeaders ? `${headers.join('\r\n')}\r\n` : ''}${body}`;
  return { stdout, stderr: `${verbose}${note}`, exitCode: 0 };
}

/** The terminal's routing line: the Ingress rule, then kube-proxy's choice of pod. */
function routing(delivery: Extract<Delivery, { ok: true }>): string {
  if (delivery.via === 'ingress-controller') {
    const hop = delivery.ingress ? `ingress ${delivery.ingress.ingress}, rule ${delivery.ingress.rule} -> ${delivery.ingress.backend}: ` : '';
    return `ingress-nginx: ${hop}${delivery.detail}`;
  }
  if (!delivery.ingress) return `kube-proxy: ${describe(delivery)}`;
  const { ingress, rule, backend } = delivery.ingress;
  return `ingress-nginx: ingress ${ingress}, rule ${rule} -> ${backend}\nkube-proxy: ${describe(delivery)}`;
}

/**
 * curl's error. A connection a NetworkPolicy dropped is never answered: curl waits its -m (or the
 * kernel's SYN retries) and says so, and the routing line names the policy; the terminal answers at
 * once, saying how long curl waited in the cluster's time.
 */
function failure(command: CurlCommand, delivery: Exclude<Delivery, { ok: true }>): CurlOutput {
  const code = FAILURE_CODES[delivery.reason];
  if ('dropped' in delivery) {
    const ms = command.timeoutSeconds !== undefined ? Math.round(command.timeoutSeconds * 1000) : UNANSWERED_CONNECT_MS;
    const why = `network policy: ${delivery.detail} (curl waited ${ms / 1000} s of simulated time; the terminal did not)\n`;
    return { stdout: '', stderr: `${command.silent ? '' : why}curl: (${code}) Failed to connect to ${command.host} port ${command.port} after ${ms} ms: Timeout was reached\n`, exitCode: code };
  }
  const message = delivery.reason === 'no-such-host' ? `Could not resolve host: ${command.host}` : delivery.message;
  const why = `${delivery.reason === 'certificate' ? 'ingress-nginx' : 'kube-proxy'}: ${delivery.detail}\n`;
  return { stdout: '', stderr: `${command.silent ? '' : why}curl: (${code}) ${message}\n`, exitCode: code };
}

function describe(delivery: Exclude<Extract<Delivery, { ok: true }>, { via: 'ingress-controller' }>): string {
  const where = delivery.node ? ` on ${delivery.node}` : '';
  if (delivery.via === 'pod-ip') return `no Service in the way: pod ${delivery.pod} (${delivery.podIP})${where} answered`;
  const via = { 'cluster-ip': 'the cluster IP of', dns: 'the cluster IP of', 'node-port': 'a NodePort of', 'load-balancer': 'the load balancer of' }[delivery.via];
  return `sent through ${via} service ${delivery.service} to pod ${delivery.pod} (${delivery.podIP}:${delivery.port})${where}, one of ${delivery.endpoints} ready endpoint${delivery.endpoints === 1 ? '' : 's'}`;
}

/** `--repeat N`: how the requests spread over the pods. */
function tally(command: CurlCommand, deliveries: readonly Delivery[]): CurlOutput {
  const failed = deliveries.find((d) => !d.ok);
  if (failed && !failed.ok) return failure({ ...command, silent: false }, failed);
  const answered = new Map<string, { node: string; count: number }>();
  for (const delivery of deliveries) {
    if (!delivery.ok) continue;
    const pod = delivery.via === 'ingress-controller' ? `(ingress-nginx ${delivery.status})` : delivery.pod;
    const seen = answered.get(pod) ?? { node: delivery.via === 'ingress-controller' ? '' : (delivery.node ?? ''), count: 0 };
    answered.set(pod, { ...seen, count: seen.count + 1 });
  }
  const rows = [...answered.entries()].sort(([a], [b]) => a.localeCompare(b));
  const nameWidth = Math.max(3, ...rows.map(([pod]) => pod.length));
  const nodeWidth = Math.max(4, ...rows.map(([, row]) => row.node.length));
  const first = deliveries[0];
  const via = first?.ok && first.via !== 'ingress-controller' && first.service ? ` through ${first.ingress ? `ingress ${first.ingress.ingress} and ` : ''}service ${first.service}` : '';
  const lines = [
    `${deliveries.length} requests to ${command.url}${via}, spread by kube-proxy:`,
    `${'POD'.padEnd(nameWidth)}  ${'NODE'.padEnd(nodeWidth)}  ANSWERED`,
    ...rows.map(([pod, row]) => `${pod.padEnd(nameWidth)}  ${row.node.padEnd(nodeWidth)}  ${String(row.count).padStart(3)}  ${'#'.repeat(row.count)}`),
  ];
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}
