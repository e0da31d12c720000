import { describe, expect, it } from 'vitest';
import {
  HandlerResultError,
  isTextContentType,
  toApiGatewayEvent,
  toHttpResponse,
  type RequestHead,
} from '#adapters/local/apigw-event.ts';

const NOW = new Date('2026-03-12T19:03:58.390Z');

/** A request head as Node hands it over; rawHeaders alternate name and value. */
function head(overrides: Partial<RequestHead> = {}): RequestHead {
  return {
    method: 'GET',
    url: '/v1/health',
    httpVersion: '1.1',
    rawHeaders: ['Host', '127.0.0.1:8080', 'User-Agent', 'curl/8.5.0', 'Accept', '*/*'],
    socket: { remoteAddress: '::ffff:127.0.0.1', localPort: 8080 },
    ...overrides,
  };
}

function eventFor(overrides: Partial<RequestHead> = {}, body = Buffer.alloc(0)) {
  return toApiGatewayEvent(head(overrides), body, { requestId: 'req-1', now: NOW });
}

describe('toApiGatewayEvent', () => {
  it('builds the payload 2.0 envelope and request context of the $default route', () => {
    const event = eventFor();

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/health',
      rawQueryString: '',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'kubelab-local',
        domainName: '127.0.0.1',
        domainPrefix: '127.0.0.1',
        http: { method: 'GET', path: '/v1/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'curl/8.5.0' },
        requestId: 'req-1',
        routeKey: '$default',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: NOW.getTime(),
      },
    });
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('body');
  });

  it('lowercases header names, joins repeated headers with commas and adds the forwarding headers', () => {
    const event = eventFor({
      rawHeaders: ['Host', 'kubelab.example.com', 'X-Custom', 'a', 'x-custom', 'b', 'Accept', 'text/html', 'X-Forwarded-For', '10.0.0.1'],
    });

    expect(event.headers).toEqual({
      host: 'kubelab.example.com',
      'x-custom': 'a,b',
      accept: 'text/html',
      'x-forwarded-for': '10.0.0.1, 127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-port': '8080',
    });
    expect(event.requestContext.domainName).toBe('kubelab.example.com');
    expect(event.requestContext.domainPrefix).toBe('kubelab');
  });

  it('keeps rawQueryString encoded and decodes queryStringParameters, joining repeated keys', () => {
    const event = eventFor({ url: '/v1/clusters?name=a%20b&tag=x&tag=y&plus=1+2&flag&empty=&sym=%26%3D' });

    expect(event.rawQueryString).toBe('name=a%20b&tag=x&tag=y&plus=1+2&flag&empty=&sym=%26%3D');
    expect(event.queryStringParameters).toEqual({ name: 'a b', tag: 'x,y', plus: '1 2', flag: '', empty: '', sym: '&=' });
    expect(event.rawPath).toBe('/v1/clusters');
  });

  it('decodes the path as API Gateway does, and keeps a malformed escape as it came', () => {
    expect(eventFor({ url: '/clusters/my%20cluster/api' }).rawPath).toBe('/clusters/my cluster/api');
    expect(eventFor({ url: '/v1/%zz' }).rawPath).toBe('/v1/%zz');
    expect(eventFor({ url: 'http://127.0.0.1:8080/v1/health?x=1' }).rawPath).toBe('/v1/health');
  });

  it('moves every cookie header into cookies and out of headers', () => {
    const event = eventFor({ rawHeaders: ['Host', 'localhost', 'Cookie', 'a=1; b=2', 'Cookie', 'c=3'] });

    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('passes text bodies as text', () => {
    const json = '{"name":"kübelab"}';
    const event = eventFor({ method: 'POST', rawHeaders: ['Content-Type', 'application/json; charset=utf-8'] }, Buffer.from(json));

    expect(event.body).toBe(json);
    expect(event.isBase64Encoded).toBe(false);
  });

  it('base64-encodes bodies of other content types, and of none', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80]);
    const binary = eventFor({ method: 'PUT', rawHeaders: ['Content-Type', 'application/octet-stream'] }, bytes);
    const untyped = eventFor({ method: 'POST', rawHeaders: [] }, Buffer.from('a=1'));

    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body!, 'base64')).toEqual(bytes);
    expect(untyped).toMatchObject({ body: Buffer.from('a=1').toString('base64'), isBase64Encoded: true });
  });

  it('uses localhost when the request has no Host header', () => {
    expect(eventFor({ rawHeaders: [] }).requestContext).toMatchObject({ domainName: 'localhost', domainPrefix: 'localhost' });
  });
});

describe('isTextContentType', () => {
  it('treats text/* and the JSON, XML and JavaScript types as text, everything else as binary', () => {
    expect(['text/plain', 'TEXT/HTML; charset=utf-8', 'application/json', 'application/xml', 'application/javascript'].map(isTextContentType)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([undefined, '', 'application/x-www-form-urlencoded', 'image/png', 'multipart/form-data; boundary=x'].map(isTextContentType)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('toHttpResponse', () => {
  it('maps a structured result: status, lowercased headers, body', () => {
    const response = toHttpResponse({ statusCode: 201, headers: { 'Content-Type': 'application/json', 'X-Count': 3, 'X-Flag': true }, body: '{"ok":true}' });

    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'x-count': '3', 'x-flag': 'true' });
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('turns cookies into one Set-Cookie header each, after any single one in headers', () => {
    const response = toHttpResponse({ statusCode: 200, headers: { 'Set-Cookie': 'a=1' }, cookies: ['b=2; HttpOnly', 'c=3'] });

    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2; HttpOnly', 'c=3']);
  });

  it('decodes a base64 body', () => {
    const bytes = Buffer.from([1, 2, 3, 250]);
    const response = toHttpResponse({ statusCode: 200, body: bytes.toString('base64'), isBase64Encoded: true });

    expect(response.body).toEqual(bytes);
  });

  it('answers 200 with JSON for results without a statusCode, as API Gateway does', () => {
    expect(toHttpResponse({ message: 'hi' })).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(toHttpResponse({ message: 'hi' }).body.toString()).toBe('{"message":"hi"}');
    expect(toHttpResponse({ body: 'x' }).body.toString()).toBe('{"body":"x"}');
    expect(toHttpResponse('Hello').body.toString()).toBe('Hello');
    expect(toHttpResponse(undefined).body.toString()).toBe('null');
  });

  it('leaves the framing headers to the server and sends an empty body when there is none', () => {
    const response = toHttpResponse({ statusCode: 204, headers: { 'Content-Length': '999', Connection: 'close' } });

    expect(response.headers).toEqual({});
    expect(response.body.length).toBe(0);
  });

  it('rejects results API Gateway would answer with a 500', () => {
    expect(() => toHttpResponse({ statusCode: 99 })).toThrow(HandlerResultError);
    expect(() => toHttpResponse({ statusCode: '200' })).toThrow(/statusCode is "200"/);
    expect(() => toHttpResponse({ statusCode: 200, body: { a: 1 } })).toThrow(/body is of type object/);
    expect(() => toHttpResponse({ statusCode: 200, cookies: 'a=1' })).toThrow(/cookies/);
  });
});
