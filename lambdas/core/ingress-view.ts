/**
 * The live picture's Ingresses: each with its class, the ingress controller's address (none while
 * no controller serves its class), and its rules as the routes the controller builds from them,
 * host and path to a Service and port, in front of the Services they route to.
 */
import type { Etcd } from './etcd.ts';
import { servedClass } from './ingress-controller.ts';
import { ingressClassOf } from './ingress-classes.ts';
import type { Ingress, IngressBackend, Secret } from './objects.ts';

/** One route of an Ingress: what it matches and where it sends. */
export interface IngressRouteView {
  /** The rule's host, `*` for every host. */
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  /** The backend Service (empty for a resource backend) and its port by number or name. */
  readonly service: string;
  readonly port: string;
}

/** An Ingress in the picture. */
export interface IngressView {
  readonly namespace: string;
  readonly name: string;
  /** Its IngressClass, when it names one. */
  readonly className?: string;
  /** True when the simulated ingress controller serves its class. */
  readonly served: boolean;
  /** The controller's address, once it gave one. */
  readonly address?: string;
  readonly routes: readonly IngressRouteView[];
  readonly defaultBackend?: Omit<IngressRouteView, 'host' | 'path' | 'pathType'>;
  /** Its TLS sections' hosts, and whether the Secret each names is there. */
  readonly tls: readonly { readonly hosts: readonly string[]; readonly secretName: string; readonly secretFound: boolean }[];
}

const backendView = (backend: IngressBackend) => ({
  service: backend.service?.name ?? '',
  port: String(backend.service?.port?.name ?? backend.service?.port?.number ?? backend.resource?.name ?? ''),
});

/** The picture of one Ingress. */
export function ingressView(etcd: Etcd, ingress: Ingress): IngressView {
  const namespace = ingress.metadata.namespace ?? 'default';
  const className = ingressClassOf(ingress);
  const address = ingress.status?.loadBalancer?.ingress?.[0];
  return {
    namespace,
    name: ingress.metadata.name,
    ...(className !== undefined ? { className } : {}),
    served: servedClass(etcd, ingress) !== undefined,
    ...(address ? { address: address.hostname ?? address.ip ?? '' } : {}),
    routes: (ingress.spec?.rules ?? []).flatMap((rule) =>
      (rule.http?.paths ?? []).map((path) => ({ host: rule.host || '*', path: path.path ?? '/', pathType: path.pathType ?? '', ...backendView(path.backend) })),
    ),
    ...(ingress.spec?.defaultBackend ? { defaultBackend: backendView(ingress.spec.defaultBackend) } : {}),
    tls: (ingress.spec?.tls ?? []).map((tls) => ({
      hosts: tls.hosts ?? [],
      secretName: tls.secretName ?? '',
      secretFound: tls.secretName !== undefined && etcd.get<Secret>('Secret', namespace, tls.secretName) !== undefined,
    })),
  };
}
