/**
 * Printers of networking.k8s.io/v1 as the v1.32 server prints them: Ingresses (CLASS HOSTS ADDRESS
 * PORTS AGE: the first three hosts then "+ N more...", `*` for none, the controller's addresses,
 * "80, 443" with TLS) and IngressClasses (CONTROLLER PARAMETERS AGE).
 */
import type { Ingress, IngressClass } from '../../objects.ts';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.ts';
import { timeSince } from './duration.ts';
import type { Printer } from './table.ts';

const MAX_HOSTS = 3;

/** HOSTS: the rules' hosts (rules without one are not listed), `*` when none has one. */
export function ingressHosts(ingress: Ingress): string {
  const rules = ingress.spec?.rules ?? [];
  const hosts = rules.slice(0, MAX_HOSTS).flatMap((rule) => (rule.host ? [rule.host] : []));
  if (hosts.length === 0) return '*';
  return rules.length > MAX_HOSTS ? `${hosts.join(',')} + ${rules.length - MAX_HOSTS} more...` : hosts.join(',');
}

/** ADDRESS: the load balancer's IPs, else hostnames, sorted, without repeats (the server renders wide, so never clipped). */
export function ingressAddress(ingress: Ingress): string {
  const addresses = new Set<string>();
  for (const entry of ingress.status?.loadBalancer?.ingress ?? []) {
    if (entry.ip) addresses.add(entry.ip);
    else if (entry.hostname) addresses.add(entry.hostname);
  }
  return [...addresses].sort().join(',');
}

export const ingressPrinter: Printer<Ingress> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    /* @__PURE__ */ column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    /* @__PURE__ */ column('Address', 'Address is a list containing ingress points for the load-balancer'),
    /* @__PURE__ */ column('Ports', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells: (ingress, now) => [
    ingress.metadata.name,
    ingress.spec?.ingressClassName ?? '<none>',
    ingressHosts(ingress),
    ingressAddress(ingress),
    (ingress.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    timeSince(ingress.metadata.creationTimestamp, now),
  ],
};

export const ingressClassPrinter: Printer<IngressClass> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Controller', 'Controller that is responsible for handling this class'),
    /* @__PURE__ */ column('Parameters', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  cells: (ingressClass, now) => {
    const parameters = ingressClass.spec?.parameters;
    const shown = parameters ? `${parameters.kind}${parameters.apiGroup !== undefined ? `.${parameters.apiGroup}` : ''}/${parameters.name}` : '<none>';
    return [ingressClass.metadata.name, ingressClass.spec?.controller ?? '', shown, timeSince(ingressClass.metadata.creationTimestamp, now)];
  },
};
