/** Secret (pkg/registry/core/secret): type Opaque by default, stringData folded into data, keys checked, immutable when it says so. */
import { validateSecret, validateSecretUpdate } from '../../validate-config.ts';
import { type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

// UTF-8 then base64, without Node's Buffer (the core runs on plain ECMAScript).
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// SetDefaults_Secret, and the conversion that merges the write-only stringData into data.
function defaultSecret(secret: WireObject): void {
  if (!secret['type']) secret['type'] = 'Opaque';
  if (isObject(secret['stringData'])) {
    const data = isObject(secret['data']) ? secret['data'] : {};
    for (const [key, value] of Object.entries(secret['stringData'])) data[key] = base64(String(value));
    secret['data'] = data;
  }
  delete secret['stringData'];
}

export const secretStrategy: ResourceStrategy = {
  defaults: defaultSecret,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
};
