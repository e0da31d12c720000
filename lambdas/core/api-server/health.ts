/**
 * The API server's health endpoints, /livez, /readyz and the deprecated /healthz: `ok` when every
 * check passes, the checks one per line with `?verbose`, one check alone at /livez/<check>, and
 * `?exclude=<check>` to leave one out, as a v1.32 kube-apiserver answers them. The simulated API
 * server is up whenever it answers, so every check passes.
 */

/** The three health endpoints. */
export const HEALTH_ENDPOINTS = ['healthz', 'livez', 'readyz'] as const;
export type HealthEndpoint = (typeof HEALTH_ENDPOINTS)[number];

const POST_START_HOOKS = [
  'start-apiserver-admission-initializer',
  'generic-apiserver-start-informers',
  'priority-and-fairness-config-consumer',
  'priority-and-fairness-filter',
  'storage-object-count-tracker-hook',
  'start-apiextensions-informers',
  'start-apiextensions-controllers',
  'crd-informer-synced',
  'start-system-namespaces-controller',
  'bootstrap-controller',
  'start-service-ip-repair-controllers',
  'rbac/bootstrap-roles',
  'scheduling/bootstrap-system-priority-classes',
  'priority-and-fairness-config-producer',
  'start-cluster-authentication-info-controller',
  'start-kube-apiserver-identity-lease-controller',
  'start-kube-aggregator-informers',
  'apiservice-registration-controller',
  'apiservice-status-available-controller',
  'kube-apiserver-autoregistration',
  'apiservice-openapi-controller',
  'apiservice-openapiv3-controller',
].map((hook) => `poststarthook/${hook}`);

/** The checks of each endpoint, in the order the real server lists them. */
const CHECKS: Readonly<Record<HealthEndpoint, readonly string[]>> = {
  healthz: ['ping', 'log', 'etcd', ...POST_START_HOOKS, 'autoregister-completion'],
  livez: ['ping', 'log', 'etcd', ...POST_START_HOOKS, 'autoregister-completion'],
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...POST_START_HOOKS, 'autoregister-completion', 'shutdown'],
};

/** A health answer: plain text, or undefined when the endpoint has no such check (404). */
export function healthResponse(endpoint: HealthEndpoint, check: string | undefined, options: { readonly verbose: boolean; readonly exclude: readonly string[] }): { status: number; body: string } | undefined {
  const checks = CHECKS[endpoint];
  if (check !== undefined) return checks.includes(check) ? { status: 200, body: 'ok' } : undefined;
  if (!options.verbose) return { status: 200, body: 'ok' };
  const lines = checks.map((name) => (options.exclude.includes(name) ? `[+]${name} excluded: ok` : `[+]${name} ok`));
  return { status: 200, body: `${lines.join('\n')}\n${endpoint} check passed\n` };
}
