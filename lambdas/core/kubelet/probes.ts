/**
 * The kubelet's prober: what a container's readiness or liveness probe finds when it calls the
 * process (an HTTP GET, a TCP connect, a command), in the prober's words: a probe on a port the
 * program does not listen on is refused, a path a web server does not serve answers 404. Only
 * the probe's configuration against what the image serves decides it, so the answer is the same
 * at every period: a misconfigured probe fails for good (the exercise "fix the probe").
 */
import type { CatalogueImage } from '../container-runtime/catalogue.ts';
import type { ProcessOutcome } from '../container-runtime/process.ts';
import type { Container, Probe } from '../objects.ts';

/** Paths the catalogue's web servers answer 200 on; any other gets 404. Other programs answer every path. */
const SERVED_PATHS: Readonly<Partial<Record<CatalogueImage['logStyle'], readonly string[]>>> = {
  nginx: ['/', '/index.html', '/50x.html'],
  httpd: ['/', '/index.html'],
  'python-http': ['/'],
};

/** How the probe answers: its HTTP status for an HTTP probe that connects, else why it failed. */
export type ProbeAnswer = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status?: number; readonly message: string };

/** What `probe` of `container` finds against its running process at `podIP`. */
export function probeAnswer(container: Container, probe: Probe, outcome: ProcessOutcome, image: CatalogueImage, generic: boolean, podIP: string): ProbeAnswer {
  if (probe.exec || (!probe.httpGet && !probe.tcpSocket)) return { ok: true, status: 0 };
  const target = probe.httpGet?.port ?? probe.tcpSocket?.port ?? 0;
  const port = typeof target === 'number' ? target : (container.ports?.find((p) => p.name === target)?.containerPort ?? Number(target));
  const listening = outcome.kind === 'runs' && (outcome.port === port || (generic && (container.ports ?? []).some((p) => p.containerPort === port)));
  const address = `${podIP}:${port}`;
  if (probe.tcpSocket) return listening ? { ok: true, status: 0 } : { ok: false, message: `dial tcp ${address}: connect: connection refused` };
  const path = probe.httpGet?.path ?? '/';
  if (!listening) return { ok: false, message: `Get "http://${address}${path}": dial tcp ${address}: connect: connection refused` };
  const served = SERVED_PATHS[image.logStyle];
  const found = !served || generic || served.includes(path.replace(/\?.*$/, ''));
  return found ? { ok: true, status: 200 } : { ok: false, status: 404, message: 'HTTP probe failed with statuscode: 404' };
}

/** A probe's schedule in ms of simulated time: first call after the start, period, failures before it acts. */
export function probeTiming(probe: Probe, speed: number): { readonly firstMs: number; readonly periodMs: number; readonly threshold: number } {
  return {
    firstMs: Math.round(((probe.initialDelaySeconds ?? 0) * 1000) / speed),
    periodMs: Math.max(1, Math.round(((probe.periodSeconds ?? 10) * 1000) / speed)),
    threshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}
