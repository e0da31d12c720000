import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '#core/objects.ts';
import {
  nodeAffinity,
  nodeName,
  nodePorts,
  nodeResourcesFit,
  nodeUnschedulable,
  taintToleration,
} from '#core/scheduler/filters.ts';
import { CycleState, SUCCESS, type FilterPlugin, type Status } from '#core/scheduler/framework.ts';
import { buildNodeInfos } from '#core/scheduler/node-info.ts';
import { CONTROL_PLANE_TAINT, CONTROL_PLANE_TOLERATION, makeNode, makePod, seedLabNodes } from './fixtures.ts';

/** Runs one filter (with its preFilter) for a pod on a node holding `others`. */
function check(plugin: FilterPlugin, pod: Pod, node: Node, others: Pod[] = []): Status {
  const state = new CycleState();
  plugin.preFilter?.(pod, state);
  const [info] = buildNodeInfos([node], others);
  return info ? plugin.filter(pod, info, state) : SUCCESS;
}

describe('NodeUnschedulable', () => {
  it('rejects a cordoned node, for good', () => {
    expect(check(nodeUnschedulable, makePod('p'), makeNode('n', { unschedulable: true }))).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) were unschedulable'],
    });
  });

  it('admits a pod that tolerates the unschedulable taint, and any pod on an uncordoned node', () => {
    const tolerant = makePod('ds', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(check(nodeUnschedulable, tolerant, makeNode('n', { unschedulable: true }))).toEqual(SUCCESS);
    expect(check(nodeUnschedulable, makePod('p'), makeNode('n'))).toEqual(SUCCESS);
  });
});

describe('NodeName', () => {
  it('admits only the node the pod names', () => {
    const pod = makePod('p', { nodeName: 'worker-1' });
    expect(check(nodeName, pod, makeNode('worker-1'))).toEqual(SUCCESS);
    expect(check(nodeName, pod, makeNode('worker-2'))).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match the requested node name"],
    });
    expect(check(nodeName, makePod('q'), makeNode('worker-2'))).toEqual(SUCCESS);
  });
});

describe('TaintToleration', () => {
  const controlPlane = seedLabNodes()[0] as Node;

  it("names the control plane's taint with its empty value", () => {
    expect(check(taintToleration, makePod('p'), controlPlane)).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    });
  });

  it('admits a pod that tolerates the taint, by Exists or by an equal value', () => {
    expect(check(taintToleration, makePod('p', { tolerations: [CONTROL_PLANE_TOLERATION] }), controlPlane)).toEqual(SUCCESS);
    const node = makeNode('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    expect(check(taintToleration, makePod('p', { tolerations: [{ key: 'dedicated', value: 'gpu' }] }), node)).toEqual(SUCCESS);
    expect(check(taintToleration, makePod('p', { tolerations: [{ key: 'dedicated', value: 'cpu' }] }), node)).toMatchObject({
      reasons: ['node(s) had untolerated taint {dedicated: gpu}'],
    });
  });

  it('rejects on NoExecute too, but never on PreferNoSchedule, which only lowers the score', () => {
    const noExecute = makeNode('n', { taints: [{ key: 'maintenance', effect: 'NoExecute' }] });
    expect(check(taintToleration, makePod('p'), noExecute)).toMatchObject({ reasons: ['node(s) had untolerated taint {maintenance: }'] });
    const prefer = makeNode('n', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] });
    expect(check(taintToleration, makePod('p'), prefer)).toEqual(SUCCESS);
  });

  it('does not let a toleration for another effect through', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }] });
    expect(check(taintToleration, pod, makeNode('cp', { taints: [CONTROL_PLANE_TAINT] })).code).toBe('UnschedulableAndUnresolvable');
  });

  it('treats a NotReady node as the node-lifecycle controller would have tainted it', () => {
    expect(check(taintToleration, makePod('p'), makeNode('n', { ready: 'False' }))).toMatchObject({
      reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    });
    expect(check(taintToleration, makePod('p'), makeNode('n', { ready: 'Unknown' }))).toMatchObject({
      reasons: ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'],
    });
    expect(check(taintToleration, makePod('p'), makeNode('n', { ready: 'missing' }))).toMatchObject({
      reasons: ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'],
    });
  });

  it('reports the taint the controller already set, first, and adds no second one', () => {
    const node = makeNode('n', { ready: 'False', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
    const [info] = buildNodeInfos([node], []);
    expect(info?.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  });

  it('lets a pod that tolerates not-ready onto a NotReady node', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] });
    expect(check(taintToleration, pod, makeNode('n', { ready: 'False' }))).toEqual(SUCCESS);
  });
});

describe('NodeAffinity', () => {
  const ssd = makeNode('fast', { labels: { disktype: 'ssd', cores: '8' } });
  const reason = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };

  it('requires every nodeSelector label', () => {
    expect(check(nodeAffinity, makePod('p', { nodeSelector: { disktype: 'ssd' } }), ssd)).toEqual(SUCCESS);
    expect(check(nodeAffinity, makePod('p', { nodeSelector: { disktype: 'hdd' } }), ssd)).toEqual(reason);
    expect(check(nodeAffinity, makePod('p', { nodeSelector: { disktype: 'ssd', gpu: 'yes' } }), ssd)).toEqual(reason);
  });

  it.each([
    ['In', 'disktype', ['ssd', 'nvme'], true],
    ['In', 'disktype', ['hdd'], false],
    ['NotIn', 'disktype', ['hdd'], true],
    ['NotIn', 'missing', ['x'], true],
    ['Exists', 'disktype', undefined, true],
    ['DoesNotExist', 'disktype', undefined, false],
    ['Gt', 'cores', ['4'], true],
    ['Lt', 'cores', ['4'], false],
    ['Gt', 'disktype', ['4'], false],
    ['In', 'disktype', [], false],
  ] as const)('matches %s %s %j: %s', (operator, key, values, fits) => {
    const term = { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] };
    const pod = makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } } });
    expect(check(nodeAffinity, pod, ssd)).toEqual(fits ? SUCCESS : reason);
  });

  it('ORs the terms and ANDs the selector with them', () => {
    const required = {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'disktype', operator: 'In' as const, values: ['hdd'] }] },
        { matchExpressions: [{ key: 'cores', operator: 'Exists' as const }] },
      ],
    };
    const pod = (selector: Record<string, string>) =>
      makePod('p', { nodeSelector: selector, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } });
    expect(check(nodeAffinity, pod({}), ssd)).toEqual(SUCCESS);
    expect(check(nodeAffinity, pod({ zone: 'moon' }), ssd)).toEqual(reason);
  });
});

describe('NodePorts', () => {
  const holder = makePod('holder', { nodeName: 'n', hostPort: 8080 });

  it('rejects a host port already held on the node, as resolvable by preemption', () => {
    expect(check(nodePorts, makePod('p', { hostPort: 8080 }), makeNode('n'), [holder])).toEqual({
      code: 'Unschedulable',
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    });
  });

  it('admits another port, another protocol, or a port whose holder has finished', () => {
    expect(check(nodePorts, makePod('p', { hostPort: 8081 }), makeNode('n'), [holder])).toEqual(SUCCESS);
    expect(check(nodePorts, makePod('p', { hostPort: 8080, protocol: 'UDP' }), makeNode('n'), [holder])).toEqual(SUCCESS);
    const done = makePod('done', { nodeName: 'n', hostPort: 8080, phase: 'Succeeded' });
    expect(check(nodePorts, makePod('p', { hostPort: 8080 }), makeNode('n'), [done])).toEqual(SUCCESS);
  });
});

describe('NodeResourcesFit', () => {
  const worker = seedLabNodes()[1] as Node;

  it('admits a pod that fits what the other pods leave', () => {
    const others = [makePod('a', { nodeName: 'worker-1', cpu: '1', memory: '1Gi' })];
    expect(check(nodeResourcesFit, makePod('p', { cpu: '930m', memory: '2Gi' }), worker, others)).toEqual(SUCCESS);
  });

  it('lists every shortfall, as Unschedulable', () => {
    const others = [makePod('a', { nodeName: 'worker-1', cpu: '1', memory: '3Gi' })];
    expect(check(nodeResourcesFit, makePod('p', { cpu: '931m', memory: '1Gi' }), worker, others)).toEqual({
      code: 'Unschedulable',
      reasons: ['Insufficient cpu', 'Insufficient memory'],
    });
  });

  it('counts pods against allocatable pods, even for pods that request nothing', () => {
    const small = makeNode('small', { pods: '2' });
    const others = [makePod('a', { nodeName: 'small' }), makePod('b', { nodeName: 'small' })];
    expect(check(nodeResourcesFit, makePod('p', { cpu: '5' }), small, others)).toEqual({
      code: 'Unschedulable',
      reasons: ['Too many pods', 'Insufficient cpu'],
    });
  });

  it('names an extended resource the node lacks', () => {
    expect(check(nodeResourcesFit, makePod('p', { extra: { 'nvidia.com/gpu': '1' } }), worker)).toMatchObject({
      reasons: ['Insufficient nvidia.com/gpu'],
    });
    const gpu = makeNode('gpu', { extra: { 'nvidia.com/gpu': '1' } });
    expect(check(nodeResourcesFit, makePod('p', { extra: { 'nvidia.com/gpu': '1' } }), gpu)).toEqual(SUCCESS);
  });

  it('does not count pods that have finished', () => {
    const others = [makePod('job', { nodeName: 'worker-1', cpu: '1900m', phase: 'Succeeded' })];
    expect(check(nodeResourcesFit, makePod('p', { cpu: '1' }), worker, others)).toEqual(SUCCESS);
  });
});
