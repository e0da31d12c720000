/**
 * A Kubernetes API handler's answers written to a Lambda response stream (a function URL with
 * invoke mode RESPONSE_STREAM): the status and headers first, then the body as it is produced, so
 * a watch reaches kubectl event by event, as it does from a real API server. A buffered answer
 * (everything but a watch) is written whole, decoded from base64 when API Gateway's form has it so.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { StreamingResult } from '#adapters/http/kube-http.ts';

/** What the runtime gives a streaming handler: awslambda.HttpResponseStream, or a test's stand-in. */
export interface ResponseStreamRuntime {
  readonly HttpResponseStream: { from(stream: awslambda.ResponseStream, metadata: awslambda.HttpResponseMetadata): awslambda.ResponseStream };
}

/** Headers a stream carries itself; Lambda's function URL frames the response. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** The streaming handler over `api`, for awslambda.streamifyResponse. */
export function toResponseStream(
  api: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | StreamingResult>,
  runtime: ResponseStreamRuntime,
): (event: APIGatewayProxyEventV2, responseStream: awslambda.ResponseStream, context: Context) => Promise<void> {
  return async (event, responseStream, context) => {
    const result = await api(event, context);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) if (!FRAMING.has(name.toLowerCase())) headers[name.toLowerCase()] = String(value);
    const out = runtime.HttpResponseStream.from(responseStream, { statusCode: result.statusCode ?? 200, headers, ...(isBuffered(result) && result.cookies ? { cookies: result.cookies } : {}) });
    const body = isBuffered(result) ? Readable.from([bufferOf(result)]) : result.body;
    // kubectl going away ends the invocation's stream, and so the body: the watch stops producing.
    await pipeline(body, out).catch(() => body.destroy());
  };
}

function isBuffered(result: APIGatewayProxyStructuredResultV2 | StreamingResult): result is APIGatewayProxyStructuredResultV2 {
  return !(typeof result.body === 'object' && result.body !== null && typeof (result.body as Readable).pipe === 'function');
}

function bufferOf(result: APIGatewayProxyStructuredResultV2): Buffer {
  return Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
}
