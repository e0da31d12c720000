/**
 * Compressed answers for clients that accept them. API Gateway's HTTP APIs send a function's body as
 * it is, and CloudFront compresses only what it may cache (the API's behaviour caches nothing), so the
 * live picture's answers, 9 to 44 KB of JSON a few times a minute per learner, were a quarter of what
 * a learner-hour costs on AWS in CloudFront transfer (docs/BENCHMARKS.md, "What a workshop costs on
 * AWS"). JSON and text over 1 KB go out as brotli (quality 4) or gzip, whichever the client prefers
 * (brotli on a tie), with `Vary: Accept-Encoding`; a client that asks for neither gets them plain.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { header as requestHeader } from './routes.ts';

/** Below this a body goes plain: compressing it would save less than its headers cost. */
export const MIN_COMPRESSED_BYTES = 1024;

const COMPRESSIBLE = /^(application\/([\w.+-]*\+)?(json|yaml)|text\/)/i;

/** The encoding to answer in for an Accept-Encoding header, or undefined for none we have. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name) weights.set(name.trim().toLowerCase(), Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br <= 0 && gzip <= 0) return undefined;
  return br >= gzip ? 'br' : 'gzip';
}

/** A header of the answer, whatever case the route wrote its name in. */
function header(headers: APIGatewayProxyStructuredResultV2['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  for (const key in headers) if (key.toLowerCase() === name) return String(headers[key]);
  return undefined;
}

/** Compresses a JSON or text answer over MIN_COMPRESSED_BYTES when the request accepts br or gzip. */
export function compressAnswers(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    after: (request) => {
      const response = request.response;
      if (!response || typeof response.body !== 'string' || response.isBase64Encoded) return;
      const headers = response.headers ?? {};
      if (header(headers, 'content-encoding') !== undefined) return;
      if (!COMPRESSIBLE.test(header(headers, 'content-type') ?? '')) return;
      const plain = Buffer.from(response.body, 'utf8');
      if (plain.byteLength < MIN_COMPRESSED_BYTES) return;
      const encoding = chooseEncoding(requestHeader(request.event, 'accept-encoding'));
      if (!encoding) return;
      const packed =
        encoding === 'br'
          ? brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: plain.byteLength } })
          : gzipSync(plain, { level: 6 });
      const vary = header(headers, 'vary');
      response.headers = { ...headers, 'content-encoding': encoding, vary: vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding' };
      response.body = packed.toString('base64');
      response.isBase64Encoded = true;
    },
  };
}
