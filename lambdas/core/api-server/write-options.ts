/**
 * The write options every create, update and patch carries (CreateOptions, UpdateOptions,
 * PatchOptions): the field manager a write is recorded as, and the checks the real handlers make
 * on the options before they read anything else.
 */
import { type StatusCause, forbidden, invalid, required, tooLong } from './field-errors.ts';
import type { ApiRequest } from './request.ts';
import { type KubeStatus, invalidStatus } from './status.ts';

/** The longest field manager name, in UTF-8 bytes. */
const MAX_MANAGER_BYTES = 128;

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** The request's field manager: `fieldManager`, else the product of its User-Agent (`kubectl/v1.32.4 ...` is `kubectl`), else its user. */
export function managerOf(request: ApiRequest): string {
  const named = request.query['fieldManager'];
  if (named) return named;
  // prefixFromUserAgent: printable characters before the first '/', cut to the longest name allowed.
  let product = '';
  for (const char of (request.userAgent ?? '').split('/')[0] ?? '') {
    if (!PRINTABLE.test(char)) continue;
    if (utf8Length(product + char) > MAX_MANAGER_BYTES) break;
    product += char;
  }
  return product || request.user;
}

/** The write options' refusal (422 on CreateOptions, UpdateOptions or PatchOptions), as the handlers validate them before anything else. */
export function writeOptionsRefusal(request: ApiRequest, options: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions'): KubeStatus | undefined {
  const causes: StatusCause[] = [];
  const manager = request.query['fieldManager'] ?? '';
  if (options === 'PatchOptions' && request.patchType !== 'apply' && request.query['force'] !== undefined) causes.push(forbidden('force', 'may not be specified for non-apply patch'));
  if (options === 'PatchOptions' && request.patchType === 'apply' && !manager) causes.push(required('fieldManager', 'is required for apply patch'));
  if (utf8Length(manager) > MAX_MANAGER_BYTES) causes.push(tooLong('fieldManager', MAX_MANAGER_BYTES));
  let position = 0; // a byte offset, as Go ranges over a string
  for (const char of manager) {
    if (!PRINTABLE.test(char)) causes.push(invalid('fieldManager', manager, `invalid character U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} (at position ${position})`));
    position += utf8Length(char);
  }
  return causes.length > 0 ? invalidStatus(options, 'meta.k8s.io', '', causes) : undefined;
}
