/**
 * What the simulated ingress-nginx does with a request sent to its address (ingress-controller.ts):
 * it picks the Ingress rule by the Host header and the URL path, as the Ingress API defines it and
 * ingress-nginx builds its servers: an exact host before a `*.` wildcard (which matches one label)
 * before the rules without a host; within the host, the longest matching path, Exact before Prefix
 * at the same length, Prefix matching element by element (`/foo` matches `/foo` and `/foo/bar`, not
 * `/foobar`; a trailing `/` is ignored) and ImplementationSpecific as Prefix. No path: the
 * Ingresses' spec.defaultBackend, else the controller's default backend answers 404. The chosen
 * Service is then reached through kube-proxy; none, or no ready endpoint: 503. HTTPS is served to
 * the hosts of a TLS section with its Secret; any other, or a Secret missing, gets the controller's
 * self-signed "Kubernetes Ingress Controller Fake Certificate", which curl refuses without -k.
 */
import type { Etcd } from './etcd.ts';
import { isIngressAddress, servedClass } from './ingress-controller.ts';
import type { HTTPIngressPath, Ingress, IngressBackend, IngressClass, Secret, Service } from './objects.ts';

/** What an HTTP request says beyond its connection: the URL's path and scheme, and its Host header. */
export interface HttpRequestLine {
  readonly path?: string;
  readonly scheme?: 'http' | 'https';
  /** The Host header when it is not the URL's host (`-H 'Host: foo.example'`, `--resolve`). */
  readonly hostHeader?: string;
  /** `-k`: the certificate is not checked. */
  readonly insecure?: boolean;
}

/** Which rule of which Ingress chose the backend. */
export interface IngressHop {
  /** `namespace/name` of the Ingress. */
  readonly ingress: string;
  /** The rule as `describe ingress` lists it: `host/path (Prefix)`, `*` for no host, or `default backend`. */
  readonly rule: string;
  /** The backend as `describe ingress` prints it: `web:80`. */
  readonly backend: string;
}

/** The controller's own answers: the default backend's 404, a 503 for a backend with nothing behind it, a refused certificate. */
export interface ControllerAnswer {
  readonly ok: true;
  readonly via: 'ingress-controller';
  readonly status: 404 | 503;
  readonly address: string;
  readonly page: string;
  /** What happened, in the simulation's words, for the terminal's routing line. */
  readonly detail: string;
  readonly ingress?: IngressHop;
}

/** An https request refused by curl: the controller served its self-signed certificate. */
export interface CertificateRefused {
  readonly ok: false;
  readonly reason: 'certificate';
  /** curl's message, without its "curl: (60) " prefix. */
  readonly message: string;
  readonly detail: string;
  readonly address: string;
}

/** What the controller decided for one request. */
export type IngressDecision =
  | { readonly kind: 'not-an-ingress' }
  | { readonly kind: 'answered'; readonly answer: ControllerAnswer }
  | { readonly kind: 'refused'; readonly answer: CertificateRefused }
  | { readonly kind: 'service'; readonly hop: IngressHop; readonly service: Service; readonly port: number; readonly address: string };

const page = (status: string) => `<html>\n<head><title>${status}</title></head>\n<body>\n<center><h1>${status}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
/** ingress-nginx's pages, as its nginx serves them. */
export const NOT_FOUND_PAGE = page('404 Not Found');
export const UNAVAILABLE_PAGE = page('503 Service Temporarily Unavailable');

/** The path's elements: `/foo/bar/` is [foo, bar]. */
const elements = (path: string) => path.split('/').filter((part) => part !== '');

/** Whether a rule's path matches the request's path, by its type (ImplementationSpecific as Prefix, as ingress-nginx without regex annotations). */
export function pathMatches(rule: HTTPIngressPath, requestPath: string): boolean {
  const path = rule.path ?? '/';
  if (rule.pathType === 'Exact') return path === requestPath;
  const wanted = elements(path);
  const got = elements(requestPath);
  return wanted.length <= got.length && wanted.every((part, i) => part === got[i]);
}

/** Whether a rule's host matches the request's: exactly, or a `*.` wildcard matching one label. */
export function hostMatches(ruleHost: string, host: string): boolean {
  if (!ruleHost.startsWith('*.')) return ruleHost === host;
  const suffix = ruleHost.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
}

type Candidate = { readonly ingress: Ingress; readonly host: string; readonly path: HTTPIngressPath };

const hostRank = (host: string, request: string) => (host === '' ? 0 : host === request ? 2 : hostMatches(host, request) ? 1 : -1);
const serviceText = (backend: IngressBackend | undefined) => {
  const service = backend?.service;
  if (!service) return backend?.resource ? `${backend.resource.kind}/${backend.resource.name}` : '<default>';
  return `${service.name}:${service.port?.name ?? service.port?.number ?? ''}`;
};
const nameOf = (ingress: Ingress) => `${ingress.metadata.namespace ?? 'default'}/${ingress.metadata.name}`;

/** The request's host without its port, lower case, as nginx compares it. */
const bareHost = (host: string) => host.replace(/:\d+$/, '').toLowerCase();

/** The Ingresses whose controller answers at `address` (their class's address), oldest first. */
function ingressesAt(etcd: Etcd, address: string): { readonly ingressClass: IngressClass; readonly ingresses: Ingress[] } | undefined {
  const classes = etcd.list<IngressClass>('IngressClass').filter((c) => isIngressAddress(c, address));
  const ingressClass = classes[0];
  if (!ingressClass) return undefined;
  const ingresses = etcd
    .list<Ingress>('Ingress')
    .filter((ingress) => !ingress.metadata.deletionTimestamp && servedClass(etcd, ingress)?.metadata.name === ingressClass.metadata.name)
    .filter((ingress) => (ingress.status?.loadBalancer?.ingress ?? []).some((entry) => entry.hostname !== undefined && isIngressAddress(ingressClass, entry.hostname)));
  ingresses.sort((a, b) => (a.metadata.creationTimestamp === b.metadata.creationTimestamp ? nameOf(a).localeCompare(nameOf(b)) : a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1));
  return { ingressClass, ingresses };
}

/**
 * The rule that takes the request, as nginx picks a server then a location: the server of the best
 * host (exact, else wildcard, else the rules without a host), then its longest matching path, Exact
 * first. `server` is the Ingresses with rules in that server, whose defaultBackend serves what no
 * path matched (any Ingress's, in the server of the rules without a host).
 */
function chooseRule(ingresses: readonly Ingress[], host: string, path: string): { readonly best?: Candidate; readonly server: Ingress[] } {
  const rules = ingresses.flatMap((ingress) => (ingress.spec?.rules ?? []).map((rule) => ({ ingress, rule, rank: hostRank(rule.host ?? '', host) })));
  const top = Math.max(-1, ...rules.map((r) => r.rank));
  const inServer = rules.filter((r) => r.rank === top && top >= 0);
  const candidates: Candidate[] = inServer.flatMap(({ ingress, rule }) => (rule.http?.paths ?? []).filter((p) => pathMatches(p, path)).map((p) => ({ ingress, host: rule.host ?? '', path: p })));
  candidates.sort((a, b) => (b.path.path ?? '/').length - (a.path.path ?? '/').length || Number(b.path.pathType === 'Exact') - Number(a.path.pathType === 'Exact'));
  const server = top > 0 ? [...new Set(inServer.map((r) => r.ingress))] : [...ingresses];
  return { ...(candidates[0] ? { best: candidates[0] } : {}), server };
}

function answer(status: 404 | 503, address: string, detail: string, ingress?: IngressHop): IngressDecision {
  return { kind: 'answered', answer: { ok: true, via: 'ingress-controller', status, address, page: status === 404 ? NOT_FOUND_PAGE : UNAVAILABLE_PAGE, detail, ...(ingress ? { ingress } : {}) } };
}

/** The TLS check of an https request: the host's TLS section and its Secret, or why the fake certificate is served. */
function certificateProblem(etcd: Etcd, ingresses: readonly Ingress[], host: string): string | undefined {
  for (const ingress of ingresses) {
    for (const tls of ingress.spec?.tls ?? []) {
      if (!(tls.hosts ?? []).some((h) => hostMatches(h, host))) continue;
      const namespace = ingress.metadata.namespace ?? 'default';
      if (!tls.secretName) return `the TLS section of ingress ${nameOf(ingress)} names no secret: the controller serves its default fake certificate`;
      const secret = etcd.get<Secret>('Secret', namespace, tls.secretName);
      if (!secret) return `secret ${namespace}/${tls.secretName} of ingress ${nameOf(ingress)} was not found: the controller serves its default fake certificate`;
      if (secret.type !== 'kubernetes.io/tls') return `secret ${namespace}/${tls.secretName} is not of type kubernetes.io/tls: the controller serves its default fake certificate`;
      return undefined;
    }
  }
  return `no Ingress has a TLS section for ${host}: the controller serves its default fake certificate`;
}

/**
 * What the ingress controller does with a request to `host` (an address or a name curl connected
 * to) on `port`: nothing when no ingress controller answers there.
 */
export function routeIngress(etcd: Etcd, host: string, port: number, request: HttpRequestLine): IngressDecision {
  const address = bareHost(host);
  const served = ingressesAt(etcd, address);
  if (!served || (port !== 80 && port !== 443)) return { kind: 'not-an-ingress' };
  const hostName = bareHost(request.hostHeader ?? host);
  const path = (request.path ?? '/').replace(/[?#].*$/, '') || '/';
  if (request.scheme === 'https' && !request.insecure) {
    const problem = certificateProblem(etcd, served.ingresses, hostName);
    if (problem) return { kind: 'refused', answer: { ok: false, reason: 'certificate', message: 'SSL certificate problem: self-signed certificate', detail: problem, address } };
  }
  const { best, server } = chooseRule(served.ingresses, hostName, path);
  let ingress: Ingress | undefined;
  let backend: IngressBackend | undefined;
  let rule: string;
  if (best) {
    ingress = best.ingress;
    backend = best.path.backend;
    rule = `${best.host || '*'}${best.path.path ?? '/'} (${best.path.pathType ?? 'ImplementationSpecific'})`;
  } else {
    // No path: the defaultBackend of an Ingress of the host's server.
    ingress = server.find((i) => i.spec?.defaultBackend);
    backend = ingress?.spec?.defaultBackend;
    rule = 'default backend';
  }
  if (!ingress || !backend) return answer(404, address, `no rule of the Ingresses of class ${served.ingressClass.metadata.name} matches host ${hostName} and path ${path}: the controller's default backend answered 404`);
  const hop: IngressHop = { ingress: nameOf(ingress), rule, backend: serviceText(backend) };
  const namespace = ingress.metadata.namespace ?? 'default';
  const serviceName = backend.service?.name;
  const service = serviceName ? etcd.get<Service>('Service', namespace, serviceName) : undefined;
  if (!service) return answer(503, address, `service ${namespace}/${serviceName ?? hop.backend} was not found`, hop);
  const wanted = backend.service?.port;
  const servicePort = (service.spec?.ports ?? []).find((p) => (wanted?.name ? p.name === wanted.name : p.port === wanted?.number));
  if (!servicePort) return answer(503, address, `service ${namespace}/${service.metadata.name} has no port ${wanted?.name ?? wanted?.number}`, hop);
  return { kind: 'service', hop, service, port: servicePort.port, address };
}

/** The 503 of a backend Service that has no ready endpoint. */
export function unavailable(address: string, hop: IngressHop, why: string): ControllerAnswer {
  return { ok: true, via: 'ingress-controller', status: 503, address, page: UNAVAILABLE_PAGE, detail: why, ingress: hop };
}
