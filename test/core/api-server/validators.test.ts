import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import { body, call, deployment, newCluster, pod } from './fixtures.ts';

/** The causes ("field: message") of creating a manifest in a fresh cluster. */
function causes(resource: string, manifest: unknown, namespace: string | undefined = 'default'): string[] {
  const response = call(newCluster(), { verb: 'create', resource, ...(namespace ? { namespace } : {}), body: manifest });
  const status = body<KubeStatus>(response);
  return (status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
}

type Json = Record<string, unknown>;
const withTemplateSpec = (spec: Json, extra: Json = {}) => {
  const d = deployment('web') as { spec: Json & { template: { spec: Json } } };
  return { ...d, spec: { ...d.spec, ...extra, template: { ...d.spec.template, spec: { ...d.spec.template.spec, ...spec } } } };
};
const container = (extra: Json) => ({ name: 'web', image: 'nginx:1.27', ...extra });

describe('container validation', () => {
  it('requires an image and unique names', () => {
    expect(causes('pods', pod('p', { containers: [{ name: 'web' }, container({})] }))).toEqual(['spec.containers[0].image: Required value', 'spec.containers[1].name: Duplicate value: "web"']);
  });

  it('checks environment names, mounts and port names', () => {
    const manifest = pod('p', { containers: [container({ env: [{ name: 'A=B', value: '1' }], volumeMounts: [{ name: 'data', mountPath: '/data' }], ports: [{ name: 'HTTP', containerPort: 80 }] })] });
    expect(causes('pods', manifest)).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
  });

  it('refuses requests above limits', () => {
    const manifest = pod('p', { containers: [container({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] });
    expect(causes('pods', manifest)).toEqual(['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
  });

  it('checks probes', () => {
    const manifest = pod('p', { containers: [container({ livenessProbe: { httpGet: { port: 0 }, successThreshold: 2 } })] });
    expect(causes('pods', manifest)).toEqual([
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ]);
  });
});

describe('pod spec validation', () => {
  it('checks volumes, DNS policy and tolerations', () => {
    const manifest = pod('p', {
      dnsPolicy: 'Google',
      volumes: [{ name: 'a', emptyDir: {}, configMap: { name: 'x' } }, { name: 'a', emptyDir: {} }],
      tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }, { key: 'k', operator: 'Maybe' }, { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule', tolerationSeconds: 5 }],
    });
    expect(causes('pods', manifest)).toEqual([
      'spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1].name: Duplicate value: "a"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
      'spec.tolerations[1].operator: Unsupported value: "Maybe": supported values: "Equal", "Exists"',
      "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ]);
  });

  it('checks labels and annotations of the object', () => {
    const manifest = { ...(pod('p') as Json), metadata: { name: 'p', labels: { app: '-web' }, annotations: { 'bad key': 'x' } } };
    const found = causes('pods', manifest);
    expect(found[0]).toBe(
      "metadata.labels: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
    expect(found[1]).toMatch(/^metadata\.annotations: Invalid value: "bad key": name part must consist of alphanumeric characters/);
  });
});

describe('deployment validation', () => {
  it('refuses a rolling update that can never make progress', () => {
    const manifest = withTemplateSpec({}, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } });
    expect(causes('deployments', manifest)).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']);
  });

  it('refuses rollingUpdate with Recreate, percentages over 100%, and restartPolicy other than Always', () => {
    expect(causes('deployments', withTemplateSpec({}, { strategy: { type: 'Recreate', rollingUpdate: {} } }))).toEqual(["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]);
    expect(causes('deployments', withTemplateSpec({}, { strategy: { rollingUpdate: { maxSurge: '150%' } } }))).toEqual(['spec.strategy.rollingUpdate.maxSurge: Invalid value: "150%": must not be greater than 100%']);
    expect(causes('deployments', withTemplateSpec({ restartPolicy: 'Never' }))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it('checks selector expressions, replicas and the progress deadline', () => {
    const manifest = withTemplateSpec({}, { replicas: -1, minReadySeconds: 10, progressDeadlineSeconds: 5, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' }] } });
    expect(causes('deployments', manifest)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      'spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds',
    ]);
  });

  it('refuses an empty selector on a ReplicaSet', () => {
    const rs = { ...withTemplateSpec({}, { selector: {} }), kind: 'ReplicaSet' };
    expect(causes('replicasets', rs)[0]).toBe('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment');
  });
});

describe('service validation', () => {
  const service = (spec: Json) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec });
  it('checks type, port names and node ports', () => {
    expect(causes('services', service({ type: 'Fancy', ports: [{ port: 80 }] }))).toEqual(['spec.type: Unsupported value: "Fancy": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
    expect(causes('services', service({ ports: [{ port: 80 }, { port: 81 }] }))).toEqual(['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
    expect(causes('services', service({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
    expect(causes('services', service({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).toEqual(['spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767']);
  });

  it('refuses a node port already held by another service', () => {
    const cluster = newCluster();
    const spec = { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] };
    call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: service(spec) });
    const second = call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: { ...service(spec), metadata: { name: 'other' } } });
    expect(body<KubeStatus>(second).message).toBe('Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });

  it('requires an externalName for ExternalName services, and refuses a traffic policy on an internal one', () => {
    expect(causes('services', service({ type: 'ExternalName' }))).toEqual(['spec.externalName: Required value']);
    expect(causes('services', service({ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }))).toEqual(['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']);
  });
});

describe('config maps, secrets, nodes and namespaces', () => {
  it('checks config map keys', () => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'bad key': 'x', '..hidden': 'y' } };
    expect(causes('configmaps', manifest)).toEqual([
      "data[..hidden]: Invalid value: \"..hidden\": must not start with '..'",
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('turns stringData into base64 data, and refuses a TLS secret without its keys', () => {
    const cluster = newCluster();
    const created = call(cluster, { verb: 'create', resource: 'secrets', namespace: 'default', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'päss' } } });
    expect(body(created)).toMatchObject({ type: 'Opaque', data: { password: 'cMOkc3M=' } });
    expect(body(created)).not.toHaveProperty('stringData');
    expect(causes('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, type: 'kubernetes.io/tls', data: {} })).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    const changedType = call(cluster, { verb: 'patch', resource: 'secrets', namespace: 'default', name: 's', patchType: 'merge', body: { type: 'kubernetes.io/basic-auth' } });
    expect(body<KubeStatus>(changedType).details?.causes?.map((c) => `${c.field}: ${c.message}`)).toContain('type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
  });

  it('keeps an immutable config map as it is', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' }, immutable: true } });
    const response = call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'c', patchType: 'merge', body: { data: { a: '2' } } });
    expect(body<KubeStatus>(response).message).toBe('ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });

  it('names namespaces by DNS label and labels them with their name', () => {
    const cluster = newCluster();
    const created = call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } });
    expect(body(created)).toMatchObject({ metadata: { labels: { 'kubernetes.io/metadata.name': 'team-a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    expect(causes('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }, undefined)).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
  });

  it('checks node taints', () => {
    const cluster = newCluster();
    const response = call(cluster, { verb: 'patch', resource: 'nodes', name: 'worker-1', patchType: 'merge', body: { spec: { taints: [{ key: 'a', effect: 'Sometimes' }] } } });
    expect(body<KubeStatus>(response).message).toBe('Node "worker-1" is invalid: spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');
  });
});

describe('leases, endpoints and events', () => {
  it('refuses a non-positive lease duration, an address without an IP and an event about another namespace', () => {
    expect(causes('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { leaseDurationSeconds: 0 } })).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
    const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ hostname: 'x' }], ports: [{ port: 0 }] }] };
    expect(causes('endpoints', endpoints)).toEqual(['subsets[0].addresses[0].ip: Required value', 'subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'ev' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'kube-system' }, reason: 'X', message: 'y' };
    expect(causes('events', event)).toEqual(['involvedObject.namespace: Invalid value: "kube-system": does not match event.namespace']);
  });
});

describe('metadata on update', () => {
  it('refuses new finalizers on an object being deleted', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['example.com/hold'] } } });
    call(cluster, { verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'c' });
    const response = call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'c', patchType: 'merge', body: { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } } });
    expect(body<KubeStatus>(response).message).toBe('ConfigMap "c" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}');
  });

  it('refuses a finalizer that is neither standard nor qualified', () => {
    expect(causes('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['hold'] } })).toEqual(['metadata.finalizers[0]: Invalid value: "hold": name is neither a standard finalizer name nor is it fully qualified']);
  });
});
