/** Small API objects the core's tests build clusters from. */
import type { KubeObject } from '#core/objects.ts';

/** 2026-11-25T09:00:00Z, when the core's test clusters start. */
export const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/** A ConfigMap in `default` holding `data`, as a client would send it. */
export function configMap(name: string, data: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: '2026-11-25T09:00:00Z' },
    ...{ data },
  } as KubeObject;
}
