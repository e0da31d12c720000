/**
 * Kubelab as a user meets it, for API tests: the real handler behind the local server, on a
 * real DynamoDB-protocol server, over real HTTP on 127.0.0.1.
 */
import { startLocalServer } from '#adapters/local/local-server.ts';
import { ENV } from '#handlers/env.ts';
import { SITE_DIST } from '../../frontend/build.ts';
import { startTestTable } from './dynamo.ts';

/** A running Kubelab for one test file. */
export interface TestKubelab {
  readonly url: string;
  readonly adminToken: string;
  /** fetch() against the server with an optional bearer token and JSON body. */
  call(method: string, path: string, options?: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts Kubelab; the handler module reads its environment at import, so it is imported after the env is set. */
export async function startKubelab(): Promise<TestKubelab> {
  const table = await startTestTable();
  const adminToken = 'klb_admin_test-token-0123456789';
  process.env[ENV.tableName] = table.tableName;
  process.env[ENV.dynamoEndpoint] = table.endpoint;
  process.env[ENV.adminToken] = adminToken;
  process.env['POWERTOOLS_LOG_LEVEL'] = process.env['KUBELAB_TEST_LOG_LEVEL'] ?? 'SILENT';
  const { handler } = await import('#handlers/api.ts');
  const server = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    handler,
    // The built web page, as npm start serves it (vitest's global setup builds it).
    frontendDir: SITE_DIST,
    logger: { info: () => {}, error: () => {} },
  });
  return {
    url: server.url,
    adminToken,
    call: (method, path, options = {}) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : options.body !== undefined ? { body: options.body } : {}),
      }),
    stop: async () => {
      await server.close();
      await table.stop();
    },
  };
}
