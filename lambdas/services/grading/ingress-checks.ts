/**
 * The Ingress check: `ingressRoutes` sends a simulated request through the ingress controller, as
 * the terminal's curl does (core/ingress-routing.ts), and passes when the controller routes it by
 * its Host header and path to the wanted Service and that Service has a ready endpoint to answer.
 * So any Ingress that does the job passes, whatever its name, rule order or path type, and one
 * that only looks right (a path that does not match, a port the Service lacks, a host spelled
 * differently) fails with what the request met instead.
 */
import type { Etcd } from '#core/etcd.ts';
import { ingressAddress } from '#core/ingress-controller.ts';
import { NGINX_CONTROLLER } from '#core/ingress-classes.ts';
import { routeIngress } from '#core/ingress-routing.ts';
import { reach } from '#core/kube-proxy.ts';
import type { Ingress, IngressClass } from '#core/objects.ts';
import type { Finding } from './cluster-checks.ts';
import type { Check } from './exercise-schema.ts';
import { nameList, plural } from './workloads.ts';

type IngressRoutes = Extract<Check, { type: 'ingressRoutes' }>;

/** Whether a request for `host` and `path` reaches the Service through the ingress controller. */
export function ingressRoutes(etcd: Etcd, check: IngressRoutes): Finding {
  const classes = etcd.list<IngressClass>('IngressClass').filter((c) => c.spec?.controller === NGINX_CONTROLLER);
  if (classes.length === 0) {
    return { passed: false, message: `there is no ingress controller yet: no IngressClass has controller ${NGINX_CONTROLLER}; create the nginx IngressClass first` };
  }
  const wanted = `service "${check.service.name}" in namespace "${check.service.namespace}"`;
  const ingresses = etcd.list<Ingress>('Ingress');
  const addressed = ingresses.filter((i) => (i.status?.loadBalancer?.ingress ?? []).length > 0);
  if (addressed.length === 0) {
    const found = ingresses.length > 0 ? ` (found ${nameList(ingresses)}, with no class the controller serves: set ingressClassName: ${classes[0]!.metadata.name})` : '';
    return { passed: false, message: `no Ingress has an address from the ingress controller yet${found}` };
  }
  let first: Finding | undefined;
  for (const ingressClass of classes) {
    const finding = requestThrough(etcd, ingressAddress(ingressClass), check, wanted);
    if (finding.passed) return finding;
    first ??= finding;
  }
  return first as Finding;
}

function requestThrough(etcd: Etcd, address: string, check: IngressRoutes, wanted: string): Finding {
  const url = `http://${check.host ?? address}${check.path}`;
  const decision = routeIngress(etcd, address, 80, { path: check.path, ...(check.host ? { hostHeader: check.host } : {}) });
  if (decision.kind === 'not-an-ingress' || decision.kind === 'refused') return { passed: false, message: `a request for ${url} reached no ingress controller` };
  if (decision.kind === 'answered') {
    const { answer } = decision;
    const hop = answer.ingress ? ` (ingress ${answer.ingress.ingress}, rule ${answer.ingress.rule} -> ${answer.ingress.backend})` : '';
    return { passed: false, message: `a request for ${url} got ${answer.status} from the ingress controller${hop}: ${answer.detail}; it should reach ${wanted}` };
  }
  const { hop, service, port } = decision;
  const where = `ingress ${hop.ingress}, rule ${hop.rule}`;
  if (service.metadata.name !== check.service.name || (service.metadata.namespace ?? 'default') !== check.service.namespace) {
    return { passed: false, message: `a request for ${url} is routed by ${where} to service "${service.metadata.name}", not to ${wanted}` };
  }
  const reached = reach(etcd, { host: service.spec?.clusterIP ?? '', port });
  if (!reached.ok) return { passed: false, message: `a request for ${url} is routed by ${where} to ${wanted}, which answers 503: ${reached.detail}` };
  const endpoints = reached.candidates.length;
  return { passed: true, message: `a request for ${url} is routed by ${where} to ${wanted}, answered by one of its ${endpoints} ready ${plural(endpoints, 'endpoint')}` };
}
