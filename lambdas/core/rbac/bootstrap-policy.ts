/**
 * The bootstrap policy a v1.32 API server creates at its start (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy): cluster-admin, the user-facing admin, edit and view (aggregated from the
 * system:aggregate-to-* roles), and the system:* roles and bindings a learner meets (what every
 * signed-in user may ask, discovery, the control plane's own users). Every cluster has them, so
 * they are served from code rather than stored in each snapshot: reads merge them with the stored
 * ClusterRoles and ClusterRoleBindings, and a write naming one stores it first (rest.ts), after
 * which the stored one is what answers. Their uids and timestamps come from kube-system's, so they
 * are the same on every read of a cluster. Left out: the controller manager's system:controller:*
 * roles and their bindings, which only its own controllers use.
 */
import type { Etcd } from '../etcd.ts';
import type { KubeObject, PolicyRule, Role, RoleBinding, Subject } from '../objects.ts';
import { sha256 } from '../api-server/openapi/sha256.ts';

const GROUP = 'rbac.authorization.k8s.io';
const RW = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];
const EVENTS_WRITE = ['create', 'patch', 'update'];

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
  ...(resourceNames ? { resourceNames } : {}),
});
const urls = (nonResourceURLs: string[], verbs: string[]): PolicyRule => ({ nonResourceURLs, verbs });
const aggregated = (to: string) => ({ clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true' } }] });

interface RoleSpec {
  readonly name: string;
  readonly rules?: readonly PolicyRule[];
  readonly aggregateTo?: string;
  readonly aggregates?: string;
}

const AGGREGATE_TO_ADMIN: readonly PolicyRule[] = [
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule([GROUP], ['rolebindings', 'roles'], [...RW.slice(0, 3), 'get', 'list', 'patch', 'update', 'watch']),
];

const AGGREGATE_TO_EDIT: readonly PolicyRule[] = [
  rule([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], RW),
  rule([''], ['pods/eviction'], ['create']),
  rule([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], RW),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], RW),
  rule(['autoscaling'], ['horizontalpodautoscalers'], RW),
  rule(['batch'], ['cronjobs', 'jobs'], RW),
  rule(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], RW),
  rule(['policy'], ['poddisruptionbudgets'], RW),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], RW),
  rule(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']),
];

const AGGREGATE_TO_VIEW: readonly PolicyRule[] = [
  rule([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
  rule([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
  rule([''], ['namespaces'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
];

const ROLES: readonly RoleSpec[] = [
  { name: 'admin', aggregates: 'admin' },
  { name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])] },
  { name: 'edit', aggregates: 'edit', aggregateTo: 'admin' },
  { name: 'system:aggregate-to-admin', aggregateTo: 'admin', rules: AGGREGATE_TO_ADMIN },
  { name: 'system:aggregate-to-edit', aggregateTo: 'edit', rules: AGGREGATE_TO_EDIT },
  { name: 'system:aggregate-to-view', aggregateTo: 'view', rules: AGGREGATE_TO_VIEW },
  { name: 'system:auth-delegator', rules: [rule(['authentication.k8s.io'], ['tokenreviews'], ['create']), rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'], ['create'])] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'], ['create'])] },
  { name: 'system:certificates.k8s.io:kube-apiserver-client-approver', rules: [rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/kube-apiserver-client'])] },
  { name: 'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', rules: [rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/kube-apiserver-client-kubelet'])] },
  { name: 'system:certificates.k8s.io:kubelet-serving-approver', rules: [rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/kubelet-serving'])] },
  { name: 'system:certificates.k8s.io:legacy-unknown-approver', rules: [rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/legacy-unknown'])] },
  {
    name: 'system:basic-user',
    rules: [rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']), rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create'])],
  },
  { name: 'system:discovery', rules: [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], ['get'])] },
  {
    name: 'system:kube-controller-manager',
    rules: [
      rule(['', 'events.k8s.io'], ['events'], EVENTS_WRITE),
      rule(['coordination.k8s.io'], ['leases'], ['create']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-controller-manager']),
      rule([''], ['secrets', 'serviceaccounts'], ['create']),
      rule([''], ['secrets'], ['delete']),
      rule([''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts'], ['get']),
      rule([''], ['secrets', 'serviceaccounts'], ['update']),
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
      rule(['*'], ['*'], ['list', 'watch']),
      rule([''], ['serviceaccounts/token'], ['create']),
    ],
  },
  { name: 'system:heapster', rules: [rule([''], ['events', 'namespaces', 'nodes', 'pods'], READ), rule(['extensions'], ['deployments'], READ)] },
  { name: 'system:kube-aggregator', rules: [rule([''], ['endpoints', 'services'], READ)] },
  { name: 'system:kube-dns', rules: [rule([''], ['endpoints', 'services'], ['list', 'watch'])] },
  {
    name: 'system:kubelet-api-admin',
    rules: [rule([''], ['nodes'], READ), rule([''], ['nodes'], ['proxy']), rule([''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], ['*'])],
  },
  {
    name: 'system:kube-scheduler',
    rules: [
      rule(['', 'events.k8s.io'], ['events'], EVENTS_WRITE),
      rule(['coordination.k8s.io'], ['leases'], ['create']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler']),
      rule([''], ['nodes'], READ),
      rule([''], ['pods'], ['delete', ...READ]),
      rule([''], ['bindings', 'pods/binding'], ['create']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule([''], ['replicationcontrollers', 'services'], READ),
      rule(['apps', 'extensions'], ['replicasets'], READ),
      rule(['apps'], ['statefulsets'], READ),
      rule(['policy'], ['poddisruptionbudgets'], READ),
      rule([''], ['persistentvolumeclaims', 'persistentvolumes'], READ),
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
      rule(['storage.k8s.io'], ['csinodes'], READ),
      rule([''], ['namespaces'], READ),
      rule(['storage.k8s.io'], ['csidrivers'], READ),
      rule(['storage.k8s.io'], ['csistoragecapacities'], READ),
    ],
  },
  { name: 'system:monitoring', rules: [urls(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'], ['get'])] },
  {
    name: 'system:node',
    rules: [
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews'], ['create']),
      rule([''], ['services'], READ),
      rule([''], ['nodes'], ['create', ...READ]),
      rule([''], ['nodes/status'], ['patch', 'update']),
      rule([''], ['nodes'], ['patch', 'update']),
      rule([''], ['events'], EVENTS_WRITE),
      rule([''], ['pods'], READ),
      rule([''], ['pods'], ['create', 'delete']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule([''], ['pods/eviction'], ['create']),
      rule([''], ['configmaps', 'secrets'], READ),
      rule([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get']),
      rule([''], ['endpoints'], ['get']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', ...READ]),
      rule(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']),
      rule(['storage.k8s.io'], ['volumeattachments'], ['get']),
      rule([''], ['serviceaccounts/token'], ['create']),
      rule([''], ['persistentvolumeclaims/status'], ['get', 'patch', 'update']),
      rule(['storage.k8s.io'], ['csidrivers'], READ),
      rule(['storage.k8s.io'], ['csinodes'], ['create', 'delete', 'get', 'patch', 'update']),
      rule(['node.k8s.io'], ['runtimeclasses'], READ),
    ],
  },
  { name: 'system:node-bootstrapper', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', ...READ])] },
  { name: 'system:node-problem-detector', rules: [rule([''], ['nodes'], ['get']), rule([''], ['nodes/status'], ['patch']), rule(['', 'events.k8s.io'], ['events'], EVENTS_WRITE)] },
  {
    name: 'system:node-proxier',
    rules: [rule([''], ['endpoints', 'services'], ['list', 'watch']), rule([''], ['nodes'], READ), rule(['', 'events.k8s.io'], ['events'], EVENTS_WRITE), rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch'])],
  },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [
      rule([''], ['persistentvolumes'], ['create', 'delete', 'get', 'list', 'watch']),
      rule([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']),
      rule(['storage.k8s.io'], ['storageclasses'], READ),
      rule([''], ['events'], ['watch']),
      rule(['', 'events.k8s.io'], ['events'], EVENTS_WRITE),
    ],
  },
  { name: 'system:public-info-viewer', rules: [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get'])] },
  { name: 'system:service-account-issuer-discovery', rules: [urls(['/.well-known/openid-configuration', '/openid/v1/jwks'], ['get'])] },
  {
    name: 'system:volume-scheduler',
    rules: [rule([''], ['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']), rule(['storage.k8s.io'], ['storageclasses'], READ), rule([''], ['persistentvolumeclaims'], ['get', 'list', 'patch', 'update', 'watch'])],
  },
  { name: 'view', aggregates: 'view', aggregateTo: 'edit' },
];

const group = (name: string): Subject => ({ kind: 'Group', apiGroup: GROUP, name });
const user = (name: string): Subject => ({ kind: 'User', apiGroup: GROUP, name });

/** The bootstrap ClusterRoleBindings: each binds the ClusterRole of its own name. */
const BINDINGS: readonly { readonly name: string; readonly subjects: readonly Subject[] }[] = [
  { name: 'cluster-admin', subjects: [group('system:masters')] },
  { name: 'system:basic-user', subjects: [group('system:authenticated')] },
  { name: 'system:discovery', subjects: [group('system:authenticated')] },
  { name: 'system:kube-controller-manager', subjects: [user('system:kube-controller-manager')] },
  { name: 'system:kube-dns', subjects: [{ kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' }] },
  { name: 'system:kube-scheduler', subjects: [user('system:kube-scheduler')] },
  { name: 'system:monitoring', subjects: [group('system:monitoring')] },
  { name: 'system:node', subjects: [] },
  { name: 'system:node-proxier', subjects: [user('system:kube-proxy')] },
  { name: 'system:public-info-viewer', subjects: [group('system:authenticated'), group('system:unauthenticated')] },
  { name: 'system:service-account-issuer-discovery', subjects: [group('system:serviceaccounts')] },
  { name: 'system:volume-scheduler', subjects: [user('system:kube-scheduler')] },
];

/** The labels and annotation every bootstrap object carries. */
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

function uidOf(seed: string): string {
  const hex = [...sha256(seed)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The rules an aggregated role has once the aggregation controller has run: its sources' rules, in name order, without repeats. */
function aggregatedRules(to: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  const sources = ROLES.filter((r) => r.aggregateTo === to).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const source of sources) {
    for (const r of source.aggregates ? aggregatedRules(source.aggregates) : (source.rules ?? [])) {
      const key = JSON.stringify(r);
      if (!seen.has(key)) rules.push(r), seen.add(key);
    }
  }
  return rules;
}

interface Stamp {
  readonly uid: string;
  readonly creationTimestamp: string;
  readonly resourceVersion: string;
}

function metadata(name: string, stamp: Stamp, kind: string, aggregateTo?: string) {
  return {
    name,
    uid: uidOf(`${stamp.uid}/${kind}/${name}`),
    resourceVersion: stamp.resourceVersion,
    creationTimestamp: stamp.creationTimestamp,
    labels: { ...BOOTSTRAP_LABELS, ...(aggregateTo ? { [`rbac.authorization.k8s.io/aggregate-to-${aggregateTo}`]: 'true' } : {}) },
    annotations: AUTOUPDATE,
  };
}

function build(stamp: Stamp): { roles: Role[]; bindings: RoleBinding[] } {
  const roles = ROLES.map(
    (spec): Role => ({
      apiVersion: `${GROUP}/v1`,
      kind: 'ClusterRole',
      metadata: metadata(spec.name, stamp, 'ClusterRole', spec.aggregateTo),
      ...(spec.aggregates ? { aggregationRule: aggregated(spec.aggregates) } : {}),
      rules: spec.aggregates ? aggregatedRules(spec.aggregates) : (spec.rules ?? []),
    }),
  );
  const bindings = BINDINGS.map(
    (spec): RoleBinding => ({
      apiVersion: `${GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: metadata(spec.name, stamp, 'ClusterRoleBinding'),
      roleRef: { apiGroup: GROUP, kind: 'ClusterRole', name: spec.name },
      ...(spec.subjects.length ? { subjects: spec.subjects } : {}),
    }),
  );
  return { roles, bindings };
}

// One cluster's policy, kept for the next read of the same cluster (they differ only in stamps).
let cached: { readonly key: string; readonly policy: ReturnType<typeof build> } | undefined;

function policyOf(etcd: Etcd): ReturnType<typeof build> {
  const system = etcd.get<KubeObject>('Namespace', undefined, 'kube-system');
  const stamp: Stamp = { uid: system?.metadata.uid ?? '', creationTimestamp: system?.metadata.creationTimestamp ?? '', resourceVersion: system?.metadata.resourceVersion ?? '1' };
  const key = `${stamp.uid}/${stamp.creationTimestamp}/${stamp.resourceVersion}`;
  if (cached?.key !== key) cached = { key, policy: build(stamp) };
  return cached.policy;
}

/** The bootstrap ClusterRoles of a cluster (stored ones of the same name take their place on reads). */
export function bootstrapClusterRoles(etcd: Etcd): readonly KubeObject[] {
  return policyOf(etcd).roles;
}

/** The bootstrap ClusterRoleBindings of a cluster. */
export function bootstrapClusterRoleBindings(etcd: Etcd): readonly KubeObject[] {
  return policyOf(etcd).bindings;
}
