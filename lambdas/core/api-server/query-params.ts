/**
 * Query parameters read as the API server's parameter codec reads them into the options of a
 * request (ListOptions, DeleteOptions, PodLogOptions; apimachinery's string conversions). A
 * boolean is false only when absent, `false` in any letter case, or `0`, and true for anything
 * else: the Python client sends `watch=True` and `follow=True`, and a server that knew only
 * `true` would list instead of watching. An integer is read as strconv.ParseInt reads it, and one
 * that is not an int64 makes the request a 400 carrying ParseInt's error as it stands, which is
 * all a v1.32 server says; a time (the log's `sinceTime`) likewise with time.Parse's. Only the
 * options the verb decodes are read: a `limit` on a get is ignored, as GetOptions has none.
 */
import { parseRfc3339 } from './go-time.ts';
import type { ApiRequest } from './request.ts';
import { goQuote } from './go-values.ts';
import { badRequestStatus, type KubeStatus } from './status.ts';

type Query = Readonly<Record<string, string | undefined>>;

const LIST_INTEGERS = ['timeoutSeconds', 'limit'] as const;
const DELETE_INTEGERS = ['gracePeriodSeconds'] as const;
/** PodLogOptions' integers and its time, in the order of its fields, which is the order Go reads them in. */
const LOG_PARAMS = ['sinceSeconds', 'sinceTime', 'tailLines', 'limitBytes'] as const;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A boolean parameter: false when absent, `false` (any case) or `0`; anything else, even empty, is true. */
export function booleanParam(query: Query, name: string): boolean {
  const value = query[name];
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  return lower !== 'false' && lower !== '0';
}

/**
 * Go's strconv.ParseBool, which the API server uses for `pretty` alone (outside the options it
 * decodes): 1, t, T, TRUE, true, True are true; 0, f, F, FALSE, false, False false; else undefined.
 */
export function goParseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** A boolean parameter of a pointer field (orphanDependents, force): undefined when absent. */
export function optionalBooleanParam(query: Query, name: string): boolean | undefined {
  return query[name] === undefined ? undefined : booleanParam(query, name);
}

/** An integer parameter; undefined when absent or not an int64 (queryParamError has refused those). */
export function integerParam(query: Query, name: string): number | undefined {
  const text = query[name];
  if (text === undefined) return undefined;
  const parsed = parseInt64(text);
  return parsed.ok ? parsed.value : undefined;
}

/** A time parameter as epoch milliseconds; undefined when absent, empty or not RFC 3339 (queryParamError has refused those). */
export function timeParam(query: Query, name: string): number | undefined {
  const text = query[name];
  if (!text) return undefined;
  const parsed = parseRfc3339(text);
  return parsed.ok ? parsed.ms : undefined;
}

/** strconv.ParseInt(text, 10, 64): a sign and decimal digits, nothing else, within int64. */
export function parseInt64(text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[+-]?\d+$/.test(text)) return { ok: false, message: `strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax` };
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return { ok: false, message: `strconv.ParseInt: parsing ${goQuote(text)}: value out of range` };
  return { ok: true, value: Number(value) };
}

/**
 * The 400 for the first integer (or time) parameter of the request's options that does not
 * parse, in the order of the options' fields, or undefined. DeleteOptions come from the body
 * when there is one, and its query is not read.
 */
export function queryParamError(request: Pick<ApiRequest, 'verb' | 'subresource' | 'body' | 'query'>): KubeStatus | undefined {
  for (const name of typedParamsOf(request)) {
    const text = request.query[name];
    if (text === undefined || (name === 'sinceTime' && text === '')) continue;
    const parsed = name === 'sinceTime' ? parseRfc3339(text) : parseInt64(text);
    if (!parsed.ok) return badRequestStatus(parsed.message);
  }
  return undefined;
}

function typedParamsOf(request: Pick<ApiRequest, 'verb' | 'subresource' | 'body'>): readonly string[] {
  if (request.subresource === 'log') return LOG_PARAMS;
  const deleteIntegers = request.body === undefined ? DELETE_INTEGERS : [];
  switch (request.verb) {
    case 'list':
    case 'watch':
      return LIST_INTEGERS;
    case 'delete':
      return deleteIntegers;
    case 'deletecollection':
      return [...LIST_INTEGERS, ...deleteIntegers];
    default:
      return [];
  }
}
