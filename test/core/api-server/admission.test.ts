import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import { applyDefaults } from '#core/api-server/defaults.ts';
import type { Deployment, KubeObject, Pod, Service } from '#core/objects.ts';
import { body, call, deployment, newCluster, pod } from './fixtures.ts';

const create = (resource: string, manifest: unknown, namespace: string | undefined = 'default') => {
  const cluster = newCluster();
  return { cluster, response: call(cluster, { verb: 'create', resource, ...(namespace ? { namespace } : {}), body: manifest }) };
};

describe('defaulting, as the API server fills in what a learner left out', () => {
  it('defaults a Deployment: strategy 25%/25%, history 10, deadline 600, template pod spec', () => {
    const { response } = create('deployments', deployment('web'));
    expect(response.status).toBe(201);
    const spec = body<Deployment>(response).spec;
    expect(spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(spec?.revisionHistoryLimit).toBe(10);
    expect(spec?.progressDeadlineSeconds).toBe(600);
    expect(spec?.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
    expect(spec?.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' });
  });

  it('stores a template the same whether a manifest left the defaults out or a rollback sent them (create, update, patch)', () => {
    const cluster = newCluster();
    const created = body<Deployment>(call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web') }));
    const template = created.spec?.template;
    expect(template?.metadata).toEqual({ creationTimestamp: null, labels: { app: 'web' } });
    expect(template?.spec.containers[0]?.resources).toEqual({});
    expect(template?.spec.securityContext).toEqual({});
    // What kubectl rollout undo sends: the stored template, every default spelled out.
    const patch = [{ op: 'replace', path: '/spec/template', value: template }];
    const before = body<Deployment>(call(cluster, { verb: 'get', resource: 'deployments', namespace: 'default', name: 'web' }));
    const undone = call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'json', body: patch });
    expect(body<Deployment>(undone).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const replaced = call(cluster, { verb: 'update', resource: 'deployments', namespace: 'default', name: 'web', body: deployment('web') });
    expect(body<Deployment>(replaced).spec?.template).toEqual(template);
  });

  it('defaults a DaemonSet as SetDefaults_DaemonSet does: one node at a time, no surge, history 10, its template too', () => {
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } } } };
    const spec = applyDefaults(ds as KubeObject).spec as { updateStrategy: unknown; revisionHistoryLimit: number; template: { metadata: unknown; spec: { containers: { resources?: unknown }[] } } };
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.template.metadata).toEqual({ creationTimestamp: null, labels: { app: 'agent' } });
    expect(spec.template.spec.containers[0]?.resources).toEqual({});
  });

  it('defaults volumes as SetDefaults_PodSpec does: hostPath type, projected token expiry, field refs', () => {
    const volumes = [
      { name: 'host', hostPath: { path: '/var/log' } },
      { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 't' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
    ];
    const { response } = create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx:1.27' }], volumes } });
    expect((body<Pod>(response).spec as { volumes?: unknown[] } | undefined)?.volumes?.slice(0, 2)).toEqual([
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
      {
        name: 'token',
        projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } }] } }] },
      },
    ]);
  });

  it('pulls :latest and untagged images Always', () => {
    const { response } = create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx:latest' }, { name: 'c', image: 'nginx:1.27' }] } });
    expect(body<Pod>(response).spec?.containers.map((c) => c.imagePullPolicy)).toEqual(['Always', 'Always', 'IfNotPresent']);
  });

  it('sets what the server owns on a new pod: uid, creation time, Pending status, the admission plugins', () => {
    const { response } = create('pods', pod('p'));
    const created = body<Pod>(response);
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toBe('2026-11-25T09:00:00Z');
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(created.spec?.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(created.spec).toMatchObject({ serviceAccountName: 'default', priority: 0, enableServiceLinks: true });
    expect(created.spec?.containers[0]).toMatchObject({ volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] });
  });

  it('keeps a toleration the pod already has for not-ready nodes', () => {
    const { response } = create('pods', pod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] }));
    expect(body<Pod>(response).spec?.tolerations?.map((t) => [t.key, t.tolerationSeconds])).toEqual([['node.kubernetes.io/not-ready', 5], ['node.kubernetes.io/unreachable', 300]]);
  });

  it('allocates a ClusterIP from 10.96.0.0/12 and node ports from 30000-32767', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { name: 'api', port: 9000, targetPort: 9000 }] } };
    const { response } = create('services', service);
    const spec = body<Service>(response).spec;
    expect(spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(spec?.clusterIPs).toEqual([spec?.clusterIP]);
    for (const port of spec?.ports ?? []) expect(port.nodePort).toBeGreaterThanOrEqual(30000);
    for (const port of spec?.ports ?? []) expect(port.nodePort).toBeLessThanOrEqual(32767);
    expect(spec).toMatchObject({ sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', allocateLoadBalancerNodePorts: true });
    expect(spec?.ports?.[0]).toMatchObject({ protocol: 'TCP', targetPort: 80 });
  });

  it('generates a name from generateName', () => {
    const { response } = create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'settings-' }, data: { a: '1' } });
    expect(body(response).metadata.name).toMatch(/^settings-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('validation, with the real messages and field paths', () => {
  it('refuses a Deployment whose selector does not match its template', () => {
    const manifest = deployment('web') as { spec: { template: { metadata: { labels: Record<string, string> } } } };
    manifest.spec.template.metadata.labels = { app: 'other' };
    const { response } = create('deployments', manifest);
    expect(response.status).toBe(422);
    expect(body<KubeStatus>(response)).toMatchObject({
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      details: { name: 'web', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels' }] },
    });
  });

  it('refuses a name that is not a DNS-1123 subdomain', () => {
    const { response } = create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'My_Config' } });
    expect(body<KubeStatus>(response).message).toBe(
      'ConfigMap "My_Config" is invalid: metadata.name: Invalid value: "My_Config": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    );
  });

  it('refuses a pod without a spec with 422 spec.containers: Required value', () => {
    // Found by the fuzz suite: the pod's QoS class was worked out before validation and threw (a 500).
    const { response } = create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' } });
    expect(body<KubeStatus>(response)).toMatchObject({ code: 422, reason: 'Invalid', message: 'Pod "bare" is invalid: spec.containers: Required value' });
  });

  it('lists every cause of a bad pod', () => {
    const { response } = create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { restartPolicy: 'Sometimes', containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }] }] } });
    const status = body<KubeStatus>(response);
    expect(status.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
    expect(status.message).toMatch(/^Pod "p" is invalid: \[spec\.containers\[0\]/);
  });

  it('refuses a Service without ports, and a duplicate port', () => {
    const none = create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } }).response;
    expect(body<KubeStatus>(none).message).toBe('Service "web" is invalid: spec.ports: Required value');
    const twice = create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] } }).response;
    expect(body<KubeStatus>(twice).details?.causes?.[0]).toMatchObject({ reason: 'FieldValueDuplicate', field: 'spec.ports[1]' });
  });

  it('refuses a Service name that does not start with a letter', () => {
    const { response } = create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } });
    expect(body<KubeStatus>(response).details?.causes?.[0]?.message).toContain('a DNS-1035 label must consist of lower case alphanumeric characters');
  });

  it('refuses a quantity that does not parse as the decoder does: 400, not 422', () => {
    const manifest = pod('p', { containers: [{ name: 'web', image: 'nginx', resources: { requests: { memory: '128MB' } } }] });
    const { response } = create('pods', manifest);
    expect(response.status).toBe(400);
    expect(body<KubeStatus>(response).message).toBe("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });

  it('canonicalizes quantities: 0.5 cpu is stored as 500m', () => {
    const { response } = create('pods', pod('p', { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '0.5', memory: '128Mi' } } }] }));
    expect(body<Pod>(response).spec?.containers[0]?.resources?.requests).toEqual({ cpu: '500m', memory: '128Mi' });
  });

  it('refuses a create in a namespace that does not exist', () => {
    const { response } = create('pods', pod('p'), 'nowhere');
    expect(response.status).toBe(404);
    expect(body<KubeStatus>(response)).toMatchObject({ reason: 'NotFound', message: 'namespaces "nowhere" not found', details: { name: 'nowhere', kind: 'namespaces' } });
  });
});

describe('updates: immutable fields and what a pod may change', () => {
  it('refuses a changed Deployment selector as immutable', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'default', body: deployment('web') });
    const patch = { spec: { selector: { matchLabels: { app: 'web', tier: 'x' } }, template: { metadata: { labels: { app: 'web', tier: 'x' } } } } };
    const response = call(cluster, { verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'strategic', body: patch });
    expect(response.status).toBe(422);
    expect(body<KubeStatus>(response).message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('lets a pod change its image but not its ports', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p') });
    const image = call(cluster, { verb: 'patch', resource: 'pods', namespace: 'default', name: 'p', patchType: 'strategic', body: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } });
    expect(image.status).toBe(200);
    const ports = call(cluster, { verb: 'patch', resource: 'pods', namespace: 'default', name: 'p', patchType: 'strategic', body: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 81 }] }] } } });
    expect(ports.status).toBe(422);
    expect(body<KubeStatus>(ports).message).toMatch(/^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
  });

  it('keeps a Service its cluster IP and node ports when the manifest is applied again without them', () => {
    const cluster = newCluster();
    const manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } };
    const first = body<Service>(call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: manifest }));
    const again = call(cluster, { verb: 'update', resource: 'services', namespace: 'default', name: 'web', body: manifest });
    expect(again.status).toBe(200);
    expect(body<Service>(again).spec?.clusterIP).toBe(first.spec?.clusterIP);
    expect(body<Service>(again).spec?.ports?.[0]?.nodePort).toBe(first.spec?.ports?.[0]?.nodePort);
    const moved = call(cluster, { verb: 'patch', resource: 'services', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { clusterIP: '10.96.0.77', clusterIPs: ['10.96.0.77'] } } });
    expect(body<KubeStatus>(moved).message).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.77"}: may not change once set');
  });
});
