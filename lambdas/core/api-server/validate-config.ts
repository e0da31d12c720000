/**
 * Validation of ConfigMaps and Secrets (keys, size, the immutable flag), as pkg/apis/core/validation
 * checks them; their strategies (kinds/configmap, kinds/secret) call it.
 */
import { type StatusCause, forbidden, invalid, required, tooLong } from './field-errors.ts';
import { isConfigMapKey } from './names.ts';
import { FIELD_IMMUTABLE_MESSAGE } from './validate-meta.ts';
import { type Json, type WireObject, isObject, sortedKeys } from './wire.ts';

/** The largest ConfigMap or Secret payload (1 MiB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const byteLength = (value: string) => new TextEncoder().encode(value).length;

function validateKeys(map: unknown, path: string): { causes: StatusCause[]; bytes: number } {
  const causes: StatusCause[] = [];
  let bytes = 0;
  for (const key of sortedKeys(map)) {
    causes.push(...isConfigMapKey(key).map((message) => invalid(`${path}[${key}]`, key, message)));
    bytes += byteLength(String((map as Json)[key] ?? ''));
  }
  return { causes, bytes };
}

/** A ConfigMap: keys of data and binaryData, no key in both, at most 1 MiB together. */
export function validateConfigMap(object: WireObject): StatusCause[] {
  const data = validateKeys(object['data'], 'data');
  const binary = validateKeys(object['binaryData'], 'binaryData');
  const causes = [...data.causes, ...binary.causes];
  for (const key of sortedKeys(object['binaryData'])) {
    if (isObject(object['data']) && key in object['data']) causes.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
  }
  if (data.bytes + binary.bytes > MAX_CONFIG_BYTES) causes.push(tooLong('', MAX_CONFIG_BYTES));
  return causes;
}

/** A Secret: keys of data, at most 1 MiB, and the fields its type requires. */
export function validateSecret(object: WireObject): StatusCause[] {
  const { causes, bytes } = validateKeys(object['data'], 'data');
  if (bytes > MAX_CONFIG_BYTES) causes.push(tooLong('data', MAX_CONFIG_BYTES));
  const data = isObject(object['data']) ? object['data'] : {};
  const type = String(object['type'] ?? '');
  const need = (key: string) => {
    if (!(key in data)) causes.push(required(`data[${key}]`));
  };
  if (type === 'kubernetes.io/tls') ['tls.crt', 'tls.key'].forEach(need);
  if (type === 'kubernetes.io/dockerconfigjson') need('.dockerconfigjson');
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) causes.push(required('data[username]'));
  if (type === 'kubernetes.io/ssh-auth') need('ssh-privatekey');
  for (const key of sortedKeys(data)) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(String(data[key] ?? ''))) causes.push(invalid(`data[${key}]`, '<secret contents redacted>', 'illegal base64 data'));
  }
  return causes;
}

/** Updates of a ConfigMap or Secret marked immutable change nothing but metadata. */
export function validateImmutableData(object: WireObject, old: WireObject, fields: readonly string[]): StatusCause[] {
  if (old['immutable'] !== true) return [];
  const causes: StatusCause[] = [];
  if (object['immutable'] !== true) causes.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const field of fields) {
    if (JSON.stringify(object[field] ?? null) !== JSON.stringify(old[field] ?? null)) causes.push(forbidden(field, 'field is immutable when `immutable` is set'));
  }
  return causes;
}

/** A Secret's type never changes. */
export function validateSecretUpdate(object: WireObject, old: WireObject): StatusCause[] {
  const causes = validateImmutableData(object, old, ['data']);
  if ((object['type'] ?? '') !== (old['type'] ?? '')) causes.push(invalid('type', String(object['type'] ?? ''), FIELD_IMMUTABLE_MESSAGE));
  return causes;
}
