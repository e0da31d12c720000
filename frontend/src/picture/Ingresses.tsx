/**
 * The picture's Ingresses, drawn in front of the Services: each with its class and the ingress
 * controller's address (or why it has none), and its routes, host and path to a Service and port,
 * as the controller matches them. Pointing at a route brings forward the pods of its Service (its
 * ready endpoints), the way pointing at a Service does.
 */
import type { ClusterView, ViewIngress, ViewIngressRoute } from '../api.ts';
import { describeObject } from './anatomy.ts';
import type { Describing } from './DescribeDialog.tsx';

interface Props {
  readonly view: ClusterView;
  readonly shown: (namespace: string) => boolean;
  readonly onDescribe: (describing: Describing) => void;
  readonly relate: (keys: ReadonlySet<string> | undefined) => void;
}

/** The Ingresses lane; nothing when there are none. */
export function IngressLane({ view, shown, onDescribe, relate }: Props) {
  const ingresses = view.ingresses.filter((i) => shown(i.namespace));
  if (ingresses.length === 0) return null;
  return (
    <section class="ingresses" aria-label="Ingresses">
      <h3 class="lane">Ingresses → Services</h3>
      <ul class="service-list">
        {ingresses.map((ingress) => (
          <IngressCard key={`${ingress.namespace}/${ingress.name}`} ingress={ingress} view={view} onDescribe={onDescribe} relate={relate} />
        ))}
      </ul>
    </section>
  );
}

function IngressCard({ ingress, view, onDescribe, relate }: { ingress: ViewIngress } & Omit<Props, 'shown'>) {
  const pods = (service: string) => new Set(view.services.find((s) => s.namespace === ingress.namespace && s.name === service)?.endpoints.map((pod) => `${ingress.namespace}/${pod}`) ?? []);
  const pointing = (service: string) => ({ onMouseEnter: () => relate(pods(service)), onMouseLeave: () => relate(undefined), onFocus: () => relate(pods(service)), onBlur: () => relate(undefined) });
  const ready = (service: string) => (view.services.find((s) => s.namespace === ingress.namespace && s.name === service)?.endpoints.length ?? 0) > 0;
  const tlsHosts = new Set(ingress.tls.flatMap((t) => t.hosts));
  const route = (r: ViewIngressRoute | (ViewIngress['defaultBackend'] & { host?: undefined }), key: string) => (
    <li key={key} class={`ingress-route${ready(r.service) ? '' : ' unready'}`} {...pointing(r.service)} tabIndex={0} data-service={r.service}
      title={ready(r.service) ? `sent to a ready pod of Service ${r.service}` : `Service ${r.service} has no ready endpoint: the controller answers 503`}>
      {r.host !== undefined && tlsHosts.has(r.host) && (
        <span class="route-tls" title="A TLS section names this host: the controller serves it over https too">
          TLS
        </span>
      )}
      <code class="route-match">{r.host === undefined ? 'anything else' : `${r.host}${r.path}${r.pathType === 'Prefix' ? '*' : ''}`}</code>
      <span class="route-arrow" aria-hidden="true">→</span>
      <code class="route-service">
        {r.service}:{r.port}
      </code>
    </li>
  );
  const address = ingress.address ? (
    <code class="external-address" title={ingress.address}>
      {ingress.address}
    </code>
  ) : (
    <span class="no-endpoints" title={ingress.served ? 'The ingress controller is writing its address' : 'No ingress controller serves this class: create its IngressClass'}>
      {ingress.served ? 'pending' : ingress.className ? `no controller for class ${ingress.className}` : 'no class: no controller serves it'}
    </span>
  );
  return (
    <li class="service ingress" data-kind="ingress" data-name={ingress.name} data-namespace={ingress.namespace} aria-label={`Ingress ${ingress.namespace}/${ingress.name}, ${ingress.routes.length} ${ingress.routes.length === 1 ? 'route' : 'routes'}`}>
      <button type="button" class="service-head" onClick={() => onDescribe(describeObject('Ingress', ingress.name, ingress.namespace))} aria-label={`Ingress ${ingress.namespace}/${ingress.name}: describe`}>
        <span class="service-name">{ingress.name}</span>
        <span class="service-type">Ingress</span>
        {ingress.className && <span class="service-ports">class {ingress.className}</span>}
      </button>
      <p class="service-external">
        <span class="service-label">address</span> {address}
      </p>
      <ul class="ingress-routes" aria-label={`Routes of ingress ${ingress.name}`}>
        {ingress.routes.map((r, i) => route(r, `${i}`))}
        {ingress.defaultBackend && route(ingress.defaultBackend, 'default')}
      </ul>
    </li>
  );
}
