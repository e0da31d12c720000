/**
 * The OpenAPI definitions checked against an independent copy of the Kubernetes API: the models
 * of @kubernetes/client-node (generated from the v1.33 OpenAPI document). Every field we publish
 * must exist there with the same type, and every field there must be ours, except the few that
 * v1.33 added after the v1.32 API we serve.
 */
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '#core/api-server/openapi/components.ts';
import { fieldParts } from '#core/api-server/openapi/dsl.ts';

/** Fields the v1.33 models have that a v1.32 API server does not serve. */
const ADDED_IN_1_33 = new Set([
  'ContainerStatus.stopSignal',
  'Lifecycle.stopSignal',
  'PodStatus.observedGeneration',
  'PodCondition.observedGeneration',
  'apps.DeploymentStatus.terminatingReplicas',
  'apps.ReplicaSetStatus.terminatingReplicas',
  'discovery.EndpointHints.forNodes',
  'autoscalingv2.HPAScalingRules.tolerance',
]);

type Attribute = { name: string; type: string; format: string };
type Model = { getAttributeTypeMap(): Attribute[] };
const models = k8s as unknown as Record<string, Model | undefined>;

/** The client-node model class name of one of our definitions. */
function modelName(short: string): string | undefined {
  const [pkg, kind] = short.includes('.') ? (short.split('.') as [string, string]) : ['core', short];
  // Kinds whose name another group also uses carry their group in the model's name (AuthenticationV1TokenRequest).
  const grouped = `${pkg.charAt(0).toUpperCase()}${pkg.slice(1)}V1${kind}`;
  // A package of a group's later version names it (autoscalingv2: V2HorizontalPodAutoscaler).
  const later = /^[a-z]+(v\d+)$/.exec(pkg)?.[1];
  const candidates = later ? [`${later.toUpperCase()}${kind}`] : pkg === 'core' ? [`CoreV1${kind}`, `V1${kind}`] : [grouped, `V1${kind}`];
  return candidates.find((name) => typeof models[name]?.getAttributeTypeMap === 'function');
}

/** Our type notation as client-node spells the type. */
function expected(type: string): { type: string; format?: string } {
  if (type.startsWith('[]')) return { type: `Array<${expected(type.slice(2)).type}>` };
  if (type.startsWith('{}')) return { type: `{ [key: string]: ${expected(type.slice(2)).type}; }` };
  const scalars: Record<string, { type: string; format?: string }> = {
    string: { type: 'string', format: '' },
    byte: { type: 'string', format: 'byte' },
    boolean: { type: 'boolean' },
    int32: { type: 'number', format: 'int32' },
    int64: { type: 'number', format: 'int64' },
    double: { type: 'number', format: 'double' },
    Time: { type: 'Date', format: 'date-time' },
    Quantity: { type: 'string' },
    IntOrString: { type: 'IntOrString' },
    RawExtension: { type: 'any' },
    'meta.FieldsV1': { type: 'any' },
  };
  return scalars[type] ?? (type === 'MicroTime' ? { type: 'V1MicroTime' } : { type: modelName(type) ?? `<no model for ${type}>` });
}

describe('OpenAPI definitions against the published API', () => {
  const entries = Object.entries(DEFINITIONS).filter(([, d]) => !d.opaque);

  it('covers the kinds the API server serves, and their field types', () => {
    expect(entries.length).toBeGreaterThan(150);
    for (const name of ['Pod', 'PodSpec', 'Container', 'Service', 'Node', 'apps.Deployment', 'apps.ReplicaSet', 'meta.ObjectMeta', 'coordination.Lease', 'discovery.EndpointSlice']) {
      expect(DEFINITIONS, name).toHaveProperty([name]);
    }
  });

  it.each(entries)('%s has the fields of the API, with their types', (short, definition) => {
    const model = modelName(short);
    expect(model, `no client-node model for ${short}`).toBeDefined();
    // client-node prefixes names that are TypeScript keywords (LimitRangeItem's `default` is `_default`).
    const attributes = new Map((models[model as string] as Model).getAttributeTypeMap().map((a) => [a.name.replace(/^_/, ''), a]));
    for (const [field, written] of Object.entries(definition.p ?? {})) {
      const { type } = fieldParts(written);
      const attribute = attributes.get(field);
      expect(attribute, `${short}.${field} is not an API field`).toBeDefined();
      const want = expected(type);
      // Quantities and maps of them are plain strings in the client's models.
      const got = { type: attribute?.type, ...(want.format !== undefined ? { format: attribute?.format } : {}) };
      if (type === 'MicroTime') expect(['V1MicroTime', 'Date']).toContain(attribute?.type);
      else if (type === '{}Quantity') expect(attribute?.type).toBe('{ [key: string]: string; }');
      else expect(got, `${short}.${field}`).toEqual(want);
    }
    const missing = [...attributes.keys()].filter((field) => !definition.p?.[field] && !ADDED_IN_1_33.has(`${short}.${field}`));
    expect(missing, `${short} lacks API fields`).toEqual([]);
  });
});
