/** The printers of DaemonSets and ControllerRevisions, as v1.32's printDaemonSet and printControllerRevision lay them out. */
import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const template = (labels: Record<string, string>, nodeSelector?: Record<string, string>) => ({
  metadata: { labels },
  spec: { ...(nodeSelector ? { nodeSelector } : {}), containers: [{ name: 'fluentd-elasticsearch', image: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2' }] },
});
const daemonSet = (name: string, ageSeconds: number, nodeSelector: Record<string, string> | undefined, status: object) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: meta(name, ageSeconds),
  spec: { selector: { matchLabels: { name } }, template: template({ name }, nodeSelector) },
  status,
});

const daemonSets = [
  daemonSet('fluentd-elasticsearch', 300, undefined, { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0 }),
  daemonSet('ssd-monitor', 45, { disk: 'ssd', 'kubernetes.io/os': 'linux' }, { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1, numberMisscheduled: 0, numberUnavailable: 1 }),
  daemonSet('new', 2, undefined, {}),
];

const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true, blockOwnerDeletion: true }];
const revisions = [
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { ...meta('fluentd-elasticsearch-5568c4cbbc', 300), ownerReferences: owner('DaemonSet', 'fluentd-elasticsearch') }, data: {}, revision: 2 },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { ...meta('web-7d4c9b8f5', 90), ownerReferences: owner('StatefulSet', 'web') }, data: {}, revision: 1 },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('orphan-1', 10), data: {}, revision: 4 },
];

describe('workload printers', () => {
  it('prints daemon sets: DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR', () => {
    const table = toTable(listOf('DaemonSet', 'apps/v1', daemonSets as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name))).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expectGolden('daemonsets.txt', renderTable(table));
    expectGolden('daemonsets-wide.txt', renderTable(table, true));
  });

  it('prints controller revisions: CONTROLLER as kind.group/name, REVISION, AGE', () => {
    const table = toTable(listOf('ControllerRevision', 'apps/v1', revisions as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Controller', 'Revision', 'Age']);
    expectGolden('controllerrevisions.txt', renderTable(table));
  });
});
