/**
 * Which id ties a request's log lines, metrics, trace and response together: the one the client
 * sent (`x-correlation-id`, else the trace id of a W3C `traceparent`), so a caller can find its
 * own request, else the id API Gateway gave it (`requestContext.requestId`; the function URL and
 * the local server give one too). Ids are only taken when they are short plain text: they are
 * written into every log line.
 */
import { newScope, type RequestScope } from './request-scope.ts';

/** The response header that gives the client the correlation id. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** What a client may send as its own id: 1 to 128 letters, digits and `._:-`. */
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** Kubelab's tokens (`klb_<kind>_...`): a client that sends one as its id does not get it logged. */
const TOKEN = /^klb_/i;
/** version-traceid-parentid-flags; an all-zero trace id is invalid. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** What of an invocation's event and context the ids come from (an HTTP event, an EventBridge event, anything). */
export interface InvocationIds {
  readonly requestContext?: { readonly requestId?: string };
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** An EventBridge event's id. */
  readonly id?: unknown;
}

/** The scope of an invocation: its correlation id and request id, from the event, else Lambda's request id. */
export function scopeOf(event: InvocationIds | undefined, awsRequestId: string): RequestScope {
  const requestId = event?.requestContext?.requestId || (typeof event?.id === 'string' && event.id) || awsRequestId;
  return newScope(clientId(event?.headers) ?? requestId, requestId);
}

function clientId(headers: InvocationIds['headers']): string | undefined {
  const sent = headers?.[CORRELATION_HEADER]?.trim();
  if (sent && CLIENT_ID.test(sent) && !TOKEN.test(sent)) return sent;
  const trace = TRACEPARENT.exec(headers?.['traceparent']?.trim().toLowerCase() ?? '')?.[1];
  return trace && !/^0+$/.test(trace) ? trace : undefined;
}
