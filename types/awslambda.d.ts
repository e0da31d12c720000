/**
 * The global the Lambda Node.js runtime provides for response streaming (function URLs with
 * invoke mode RESPONSE_STREAM); it ships no types. Only what Kubelab uses.
 */
declare namespace awslambda {
  /** What a streaming handler writes to: a Node writable stream. */
  type ResponseStream = import('node:stream').Writable;

  interface HttpResponseMetadata {
    statusCode: number;
    headers?: Record<string, string>;
    cookies?: string[];
  }

  const HttpResponseStream: {
    /** Writes the status and headers first; the returned stream carries the body. */
    from(stream: ResponseStream, metadata: HttpResponseMetadata): ResponseStream;
  };

  function streamifyResponse<E, C>(handler: (event: E, responseStream: ResponseStream, context: C) => Promise<void>): (event: E, context: C) => Promise<void>;
}
