/**
 * What the local-server benchmarks share: the environment local mode sets (SDK defaults, a quiet
 * log), the embedded DynamoDB in memory, and a CA with a server certificate for 127.0.0.1, all
 * named in the environment the handlers read when they load.
 */
import { startEmbeddedDynamo, type EmbeddedDynamo } from '#adapters/local/embedded-dynamo.ts';
import { createCertificateAuthority, issueServerCertificate, type KeyAndCertificate } from '#adapters/local/local-tls.ts';
import { ENV } from '#handlers/env.ts';

/** The admin token of every benchmark's Kubelab. */
export const BENCH_ADMIN = 'klb_admin_bench-0123456789abcdef';

/** A started embedded DynamoDB and the server's certificate, with the environment set for the handlers. */
export async function benchEnvironment(): Promise<{ dynamo: EmbeddedDynamo; tls: KeyAndCertificate; caPem: string }> {
  process.env['AWS_REGION'] ??= 'us-east-1';
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const dynamo = await startEmbeddedDynamo({ tableName: 'kubelab-bench' });
  const ca = createCertificateAuthority(new Date());
  const tls = issueServerCertificate(ca, { dns: ['localhost'], ips: ['127.0.0.1'] }, new Date());
  process.env[ENV.tableName] = dynamo.tableName;
  process.env[ENV.dynamoEndpoint] = dynamo.endpoint;
  process.env[ENV.adminToken] = BENCH_ADMIN;
  process.env[ENV.kubeApiCertificateAuthority] = ca.certPem;
  return { dynamo, tls, caPem: ca.certPem };
}
