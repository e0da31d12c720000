import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { patchSchemaOf } from '#core/api-server/patch-schema.ts';
import { jsonMergePatch, strategicMergePatch } from '#core/api-server/strategic-merge.ts';

const podSpec = () => ({
  containers: [
    { name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
    { name: 'api', image: 'api:1', args: ['--a', '--b'] },
  ],
  tolerations: [{ key: 'x', operator: 'Exists' }],
});
const deploymentWith = (spec: object) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', finalizers: ['a'] }, spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec } } });

function smp(original: object, patch: unknown, kind = 'Deployment') {
  const result = strategicMergePatch(original as Record<string, unknown>, patch, patchSchemaOf(kind));
  if (!result.ok) throw new Error(result.message);
  return result.value as ReturnType<typeof deploymentWith>;
}

const containersOf = (d: { spec: { template: { spec: unknown } } }) => (d.spec.template.spec as ReturnType<typeof podSpec>).containers;

describe('strategic merge patch', () => {
  it('merges a container by name: kubectl set image changes one image and keeps the rest', () => {
    const patched = smp(deploymentWith(podSpec()), { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } });
    expect(containersOf(patched).map((c) => [c.name, c.image])).toEqual([['web', 'nginx:1.27'], ['api', 'api:1']]);
    expect(containersOf(patched)[0]?.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('adds a container with a new name at the end', () => {
    const patched = smp(deploymentWith(podSpec()), { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } });
    expect(containersOf(patched).map((c) => c.name)).toEqual(['web', 'api', 'sidecar']);
  });

  it('merges container ports by containerPort and env by name', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 443 }], env: [{ name: 'A', value: '2' }, { name: 'B', value: '3' }] }] } } } };
    const web = containersOf(smp(deploymentWith(podSpec()), patch))[0];
    expect(web?.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }]);
    expect(web?.env).toEqual([{ name: 'A', value: '2' }, { name: 'B', value: '3' }]);
  });

  it('replaces atomic lists (args, tolerations) whole', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'api', args: ['--c'] }], tolerations: [{ key: 'y', operator: 'Exists' }] } } } };
    const patched = smp(deploymentWith(podSpec()), patch);
    expect(containersOf(patched)[1]?.args).toEqual(['--c']);
    expect((patched.spec.template.spec as ReturnType<typeof podSpec>).tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });

  it('deletes a keyed element with $patch: delete and a field with null', () => {
    const patch = { spec: { replicas: null, template: { spec: { containers: [{ name: 'api', $patch: 'delete' }] } } } };
    const patched = smp(deploymentWith(podSpec()), patch);
    expect(containersOf(patched).map((c) => c.name)).toEqual(['web']);
    expect(patched.spec).not.toHaveProperty('replicas');
  });

  it('replaces a list with a $patch: replace element, and a map with $patch: replace', () => {
    const list = smp(deploymentWith(podSpec()), { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } });
    expect(containersOf(list)).toEqual([{ name: 'only', image: 'x' }]);
    const map = smp(deploymentWith(podSpec()), { spec: { template: { metadata: { $patch: 'replace', labels: { tier: 'new' } } } } });
    expect(map.spec.template.metadata).toEqual({ labels: { tier: 'new' } });
  });

  it('orders merged elements by $setElementOrder, as kubectl apply sends it', () => {
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'api' }, { name: 'web' }], containers: [{ name: 'web', image: 'nginx:1.27' }] } } } };
    expect(containersOf(smp(deploymentWith(podSpec()), patch)).map((c) => c.name)).toEqual(['api', 'web']);
  });

  it('keeps only $retainKeys and merges finalizers as a set, with $deleteFromPrimitiveList', () => {
    const original = { ...deploymentWith(podSpec()), spec: { ...deploymentWith(podSpec()).spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const patched = smp(original, { metadata: { finalizers: ['b', 'a'], '$deleteFromPrimitiveList/finalizers': ['a'] }, spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }) as unknown as {
      metadata: { finalizers: string[] };
      spec: { strategy: unknown };
    };
    expect(patched.spec.strategy).toEqual({ type: 'Recreate' });
    expect(patched.metadata.finalizers).toEqual(['b']);
  });

  it('merges service ports by port', () => {
    const service = { kind: 'Service', spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'https', port: 443 }] } };
    const patched = smp(service, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, 'Service') as unknown as { spec: { ports: unknown[] } };
    expect(patched.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 9090 }, { name: 'https', port: 443 }]);
  });

  it('merges pod conditions by type', () => {
    const pod = { kind: 'Pod', status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } };
    const patched = smp(pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'Pod') as unknown as { status: { conditions: unknown[] } };
    expect(patched.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }]);
  });

  it('refuses an element without its merge key', () => {
    const result = strategicMergePatch(deploymentWith(podSpec()), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, patchSchemaOf('Deployment'));
    expect(result).toEqual({ ok: false, message: 'map: map[image:x] does not contain declared merge key: name' });
  });

  it('never changes its inputs, and an empty patch gives the original back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const original = { kind: 'ConfigMap', data: value };
        const frozen = JSON.stringify(original);
        const result = strategicMergePatch(original, {}, patchSchemaOf('ConfigMap'));
        expect(JSON.stringify(original)).toBe(frozen);
        expect(result.ok && JSON.stringify(result.value)).toBe(frozen);
      }),
    );
  });
});

describe('JSON merge patch', () => {
  it('merges maps, deletes on null and replaces lists', () => {
    expect(jsonMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });
});
