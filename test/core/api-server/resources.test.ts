import { describe, expect, it } from 'vitest';
import { RESOURCES, apiGroups, findNotYetServed, findResource, qualifiedResource, resourceForKind, resourcesOf } from '#core/api-server/resources.ts';

describe('the served resources', () => {
  it('put in the `all` category exactly what a real cluster puts there, of what is served', () => {
    const all = RESOURCES.filter((r) => r.categories.includes('all')).map((r) => r.plural).sort();
    expect(all).toEqual(['cronjobs', 'daemonsets', 'deployments', 'horizontalpodautoscalers', 'jobs', 'pods', 'replicasets', 'services', 'statefulsets']);
  });

  it('carry the short names kubectl users type', () => {
    const short = Object.fromEntries(RESOURCES.filter((r) => r.shortNames.length).map((r) => [r.plural, r.shortNames]));
    expect(short).toEqual({ componentstatuses: ['cs'], configmaps: ['cm'], endpoints: ['ep'], events: ['ev'], limitranges: ['limits'], namespaces: ['ns'], nodes: ['no'], persistentvolumeclaims: ['pvc'], persistentvolumes: ['pv'], pods: ['po'], resourcequotas: ['quota'], serviceaccounts: ['sa'], services: ['svc'], daemonsets: ['ds'], deployments: ['deploy'], replicasets: ['rs'], statefulsets: ['sts'], horizontalpodautoscalers: ['hpa'], cronjobs: ['cj'], networkpolicies: ['netpol'], poddisruptionbudgets: ['pdb'], ingresses: ['ing'], storageclasses: ['sc'] });
  });

  it('name subresource kinds as discovery does: Scale in autoscaling/v1, Eviction in policy/v1, the parent otherwise', () => {
    const deployments = findResource('apps', 'v1', 'deployments');
    expect(deployments?.subresources.map((s) => [s.name, s.kind, s.group, s.version])).toEqual([['status', 'Deployment', 'apps', 'v1'], ['scale', 'Scale', 'autoscaling', 'v1']]);
    const eviction = findResource('', 'v1', 'pods')?.subresources.find((s) => s.name === 'eviction');
    expect(eviction).toMatchObject({ kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'], served: true });
    expect(findResource('', 'v1', 'pods')?.subresources.find((s) => s.name === 'exec')?.served).toBe(false);
  });

  it('group resources for discovery and name them as messages do', () => {
    expect(apiGroups().slice(0, 3)).toEqual([{ name: 'apps', versions: ['v1'] }, { name: 'autoscaling', versions: ['v2', 'v1'] }, { name: 'batch', versions: ['v1'] }]);
    // Discovery lists the kinds not served yet beside the served ones; only the served ones are found.
    expect(resourcesOf('apps', 'v1').map((r) => r.kind)).toEqual(['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
    expect(findResource('apps', 'v1', 'statefulsets')).toMatchObject({ kind: 'StatefulSet', shortNames: ['sts'], categories: ['all'] });
    expect(findResource('scheduling.k8s.io', 'v1', 'priorityclasses')).toBeUndefined();
    expect(findNotYetServed('scheduling.k8s.io', 'v1', 'priorityclasses')).toMatchObject({ kind: 'PriorityClass', categories: [] });
    expect(findResource('networking.k8s.io', 'v1', 'networkpolicies')).toMatchObject({ kind: 'NetworkPolicy', shortNames: ['netpol'], categories: [] });
    expect(findResource('policy', 'v1', 'poddisruptionbudgets')).toMatchObject({ kind: 'PodDisruptionBudget', shortNames: ['pdb'], categories: [] });
    expect(findResource('batch', 'v1', 'jobs')).toMatchObject({ kind: 'Job', categories: ['all'] });
    expect(qualifiedResource(resourceForKind('Deployment') ?? RESOURCES[0]!)).toBe('deployments.apps');
    expect(resourceForKind('Namespace')).toMatchObject({ namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
  });
});
