/**
 * The picture's sockets on AWS: API Gateway's WebSocket API holds them, and a message goes down one
 * by PostToConnection on the API's `@connections` endpoint. 410 Gone means the socket closed (its
 * $disconnect may have been lost); a throttled post (429, LimitExceededException) is sent again a
 * little later, up to POST_ATTEMPTS in all, and what still fails is reported, not thrown: the
 * page's slow poll makes up for one lost message.
 */
import { ApiGatewayManagementApiClient, GoneException, LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { PictureSockets, SendOutcome } from '#services/picture-changes.ts';

/** How many times a throttled PostToConnection is sent in all. */
const POST_ATTEMPTS = 3;
/** The first wait before sending a throttled post again; doubled each time. */
const RETRY_DELAY_MS = 50;

/** Sends through API Gateway's `@connections` API. */
export class ApiGatewaySockets implements PictureSockets {
  constructor(
    private readonly client: Pick<ApiGatewayManagementApiClient, 'send'>,
    private readonly warn: (message: string, details: Record<string, unknown>) => void = () => {},
  ) {}

  async send(connectionId: string, message: string): Promise<SendOutcome> {
    const data = new TextEncoder().encode(message);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
        return 'sent';
      } catch (error) {
        if (error instanceof GoneException || statusOf(error) === 410) return 'gone';
        const throttled = error instanceof LimitExceededException || statusOf(error) === 429;
        if (!throttled || attempt >= POST_ATTEMPTS) {
          this.warn('a live picture was not told of a change', { connectionId, attempts: attempt, error });
          return 'failed';
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * 2 ** (attempt - 1)));
      }
    }
  }
}

/** The client for a WebSocket API stage's `@connections` endpoint (`https://<api>.execute-api.<region>.amazonaws.com/<stage>`). */
export function connectionsClient(endpoint: string): ApiGatewayManagementApiClient {
  // Throttling is retried above, where it is seen; the SDK's own retries would multiply it.
  return new ApiGatewayManagementApiClient({ endpoint, maxAttempts: 1 });
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
