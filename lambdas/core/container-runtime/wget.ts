/**
 * busybox's `wget`, as a container runs it (helm's chart test pod does `wget demo:80`): the name
 * is resolved and the connection made through the pod's network (cluster DNS and kube-proxy), and
 * it prints on stderr what busybox 1.37 prints, "Connecting to demo:80 (10.96.0.12:80)", the
 * progress bar and "'index.html' saved", or dies with "bad address" or "can't connect to remote
 * host". The body is not reproduced: `-O -` writes nothing to stdout.
 */
import type { ScriptLine } from './shell.ts';

/** What connecting from a pod to host:port finds. */
export type Connection =
  | {
      readonly ok: true;
      /** The address the name resolved to (a service's cluster IP). */
      readonly address: string;
      /** The size of the page the answering server serves. */
      readonly bodyBytes: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'no-such-host' | 'connection-refused' | 'timed-out';
      readonly address?: string;
      /** Why a NetworkPolicy dropped it (the packets went unanswered), in the simulation's words. */
      readonly droppedBy?: string;
    };

/** A pod's view of the cluster network. */
export interface PodNetwork {
  /** Opens a TCP connection to `host` (a name or an address) on `port`. */
  connect(host: string, port: number): Connection;
}

/** How a program run ended, and what it printed. */
export interface WgetOutcome {
  readonly exitCode: number;
  readonly afterMs: number;
  readonly lines: ScriptLine[];
}

// The kernel gives up on an unanswered SYN after about 130 s (tcp_syn_retries 6); -T shortens it.
const CONNECT_TIMEOUT_MS = 130_000;
const DNS_TIMEOUT_MS = 10_000;

/** Runs `wget args` in a pod whose network is `network`. */
export function wget(args: readonly string[], network: PodNetwork): WgetOutcome {
  const options = parseArgs(args);
  if ('usage' in options) return { exitCode: 1, afterMs: 1, lines: [stderr(0, options.usage)] };
  const { url, quiet, spider, output } = options;
  const parsed = parseUrl(url);
  if ('error' in parsed) return { exitCode: 1, afterMs: 1, lines: [stderr(0, `wget: ${parsed.error}`)] };
  const { hostPort, host, port, path } = parsed;
  const lines: ScriptLine[] = [];
  const say = (offsetMs: number, text: string) => {
    if (!quiet) lines.push(stderr(offsetMs, text));
  };
  // Everything but a timeout happens within milliseconds: its lines are stamped at the start, since
  // the log keeps only lines up to the exit, and the status times the exit to the second.
  const connection = network.connect(host, port);
  if (!connection.ok && connection.reason === 'no-such-host') {
    // A lookup a NetworkPolicy dropped waits out the resolver (timeout:5, attempts:2) before failing.
    const afterMs = connection.droppedBy ? DNS_TIMEOUT_MS : 5;
    return { exitCode: 1, afterMs, lines: [stderr(connection.droppedBy ? afterMs : 0, `wget: bad address '${hostPort}'`)] };
  }
  const address = connection.address ?? host;
  say(0, `Connecting to ${hostPort} (${address}:${port})`);
  if (!connection.ok) {
    const timedOut = connection.reason === 'timed-out';
    const afterMs = timedOut ? (options.timeoutSeconds ? options.timeoutSeconds * 1000 : CONNECT_TIMEOUT_MS) : 6;
    // -T arms an alarm around the connect: when it rings first, busybox dies with "download timed out".
    const message = timedOut && options.timeoutSeconds ? 'wget: download timed out' : `wget: can't connect to remote host (${address}): ${timedOut ? 'Connection timed out' : 'Connection refused'}`;
    return { exitCode: 1, afterMs, lines: [...lines, stderr(timedOut ? afterMs : 0, message)] };
  }
  if (spider) {
    say(0, 'remote file exists');
    return { exitCode: 0, afterMs: 12, lines };
  }
  const toStdout = output === '-';
  const file = output ?? (path.split('/').pop() || 'index.html');
  say(0, toStdout ? 'writing to stdout' : `saving to '${file}'`);
  const name = toStdout ? '-' : file.slice(file.lastIndexOf('/') + 1);
  say(0, `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${String(connection.bodyBytes).padStart(5)}  0:00:00 ETA`);
  say(0, toStdout ? 'written to stdout' : `'${file}' saved`);
  return { exitCode: 0, afterMs: 15, lines };
}

type Options = { url: string; quiet: boolean; spider: boolean; output: string | undefined; timeoutSeconds: number | undefined } | { usage: string };

/** busybox's getopt: -q, -O FILE (or -OFILE, -qO-), -T SEC (--timeout=SEC), --spider; the first operand is the URL. */
function parseArgs(args: readonly string[]): Options {
  let quiet = false;
  let spider = false;
  let output: string | undefined;
  let timeoutSeconds: number | undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--spider') spider = true;
    else if (arg === '--quiet') quiet = true;
    else if (arg.startsWith('--output-document')) output = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
    else if (arg.startsWith('--timeout')) timeoutSeconds = Number(arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i]) || undefined;
    else if (arg.startsWith('-') && arg.length > 1 && !arg.startsWith('--')) {
      for (let j = 1; j < arg.length; j++) {
        const flag = arg[j];
        if (flag === 'q') quiet = true;
        else if (flag === 'O' || flag === 'T') {
          const value = arg.length > j + 1 ? arg.slice(j + 1) : args[++i];
          if (flag === 'O') output = value;
          else timeoutSeconds = Number(value) || undefined;
          break;
        }
      }
    } else operands.push(arg);
  }
  const url = operands[0];
  if (!url) return { usage: 'BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...' };
  return { url, quiet, spider, output, timeoutSeconds };
}

/** busybox's parse_url: no scheme means http; the host keeps its `:port` for the messages. */
function parseUrl(url: string): { hostPort: string; host: string; port: number; path: string } | { error: string } {
  const scheme = /^([a-z]+):\/\//i.exec(url);
  const protocol = scheme?.[1]?.toLowerCase() ?? 'http';
  if (protocol !== 'http' && protocol !== 'https') return { error: `not an http or ftp url: ${url}` };
  const rest = scheme ? url.slice(scheme[0].length) : url;
  const cut = rest.search(/[/?#]/);
  const hostPort = (cut < 0 ? rest : rest.slice(0, cut)).replace(/^.*@/, '');
  const path = cut < 0 ? '' : rest.slice(cut + 1);
  const colon = hostPort.lastIndexOf(':');
  const port = colon < 0 ? (protocol === 'https' ? 443 : 80) : Number(hostPort.slice(colon + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return { error: `bad port spec '${hostPort}'` };
  return { hostPort, host: colon < 0 ? hostPort : hostPort.slice(0, colon), port, path };
}

function stderr(offsetMs: number, text: string): ScriptLine {
  return { offsetMs, text, stream: 'stderr' };
}
