/**
 * Unknown fields of an object, from the published schemas: what `fieldValidation=Strict` (kubectl's
 * default since we advertise it) rejects as `strict decoding error: unknown field "spec.replica"`.
 * Paths are written as the API server's strict decoder writes them (`spec.template.spec.
 * containers[0].imagePullPolcy`), in document order.
 */
import { DEFINITIONS, definitionName, isDocumentedGroup } from './components.ts';
import { type Definition, fieldParts } from './dsl.ts';

/** Types whose content is free-form. */
const FREE_FORM = new Set(['RawExtension', 'meta.FieldsV1']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function visit(type: string, value: unknown, path: string, out: string[]): void {
  if (type.startsWith('[]')) {
    if (Array.isArray(value)) value.forEach((item, i) => visit(type.slice(2), item, `${path}[${i}]`, out));
    return;
  }
  if (type.startsWith('{}')) {
    if (isObject(value)) for (const [key, item] of Object.entries(value)) visit(type.slice(2), item, path ? `${path}.${key}` : key, out);
    return;
  }
  if (FREE_FORM.has(type)) return;
  const definition = DEFINITIONS[type];
  if (definition && isObject(value)) visitObject(definition, value, path, out);
}

function visitObject(definition: Definition, value: Record<string, unknown>, path: string, out: string[]): void {
  if (definition.opaque) return;
  for (const [key, item] of Object.entries(value)) {
    const field = definition.p?.[key];
    const at = path ? `${path}.${key}` : key;
    if (!field) out.push(at);
    else visit(fieldParts(field).type, item, at, out);
  }
}

/**
 * The paths of fields in `object` that the kind's schema does not have, or undefined when the
 * kind has no published schema (then nothing can be said).
 */
export function unknownFields(group: string, kind: string, object: unknown): string[] | undefined {
  const definition = isDocumentedGroup(group) ? DEFINITIONS[definitionName(group, kind)] : undefined;
  if (!definition || !isObject(object)) return undefined;
  const out: string[] = [];
  visitObject(definition, object, '', out);
  return out;
}
