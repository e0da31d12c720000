/**
 * The picture's sockets on AWS: API Gateway's WebSocket API holds them, and a message goes down one
 * by PostToConnection on the API's `@connections` endpoint. 410 Gone means the socket closed (its
 * $disconnect may have been lost); throttling (429) is retried by the SDK's standard retries, and
 * what still fails is reported, not thrown: the page's slow poll makes up for one lost message.
 */
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { PictureSockets, SendOutcome } from '#services/picture-changes.ts';

/** How many times a throttled PostToConnection is sent in all (the SDK backs off between them). */
const POST_ATTEMPTS = 3;

/** Sends through API Gateway's `@connections` API. */
export class ApiGatewaySockets implements PictureSockets {
  constructor(
    private readonly client: Pick<ApiGatewayManagementApiClient, 'send'>,
    private readonly warn: (message: string, details: Record<string, unknown>) => void = () => {},
  ) {}

  async send(connectionId: string, message: string): Promise<SendOutcome> {
    try {
      await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(message) }));
      return 'sent';
    } catch (error) {
      if (error instanceof GoneException || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410) return 'gone';
      this.warn('a live picture was not told of a change', { connectionId, error });
      return 'failed';
    }
  }
}

/** The client for a WebSocket API stage's `@connections` endpoint (`https://<api>.execute-api.<region>.amazonaws.com/<stage>`). */
export function connectionsClient(endpoint: string): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({ endpoint, maxAttempts: POST_ATTEMPTS });
}
