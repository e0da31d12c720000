/**
 * GET /v1/me/kubeconfig: the learner's kubeconfig, so a real kubectl reaches their simulated
 * cluster. The server URL is derived from the request (the Host the learner called, and on AWS
 * the scheme API Gateway reports in X-Forwarded-Proto), the credentials are the bearer token the
 * request came with (tokens are stored only as hashes, so the presented one is the only copy),
 * and the context is named after the cluster, in namespace default.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuthService } from '#services/auth.ts';
import { bearerToken, header, route, type Route } from './routes.ts';
import { loadYaml } from './yaml.ts';

/** What kubeconfigs carry besides the server and the token. */
export interface KubeconfigSettings {
  /**
   * PEM certificate of the CA that signed the Kubernetes API's certificate, when it is not one
   * every client trusts (local mode's own CA). Its presence also means: the Kubernetes API is
   * served over https on the port the request came to, whatever scheme the request used.
   */
  readonly certificateAuthority?: string;
  /**
   * Base URL of the Kubernetes API when it is not where the course API was called: on AWS the
   * function URL that streams watches (handlers/kube-stream.ts).
   */
  readonly serverUrl?: string;
}

/** What a kubeconfig is made of. */
export interface KubeconfigInput {
  /** Base URL of Kubelab's Kubernetes API (scheme, host, port), without a trailing slash. */
  readonly baseUrl: string;
  readonly clusterId: string;
  readonly learnerId: string;
  readonly token: string;
  readonly certificateAuthority?: string;
}

/** The name of the cluster, context and user entries: recognisably Kubelab's in `kubectl config get-contexts`. */
export function contextName(clusterId: string): string {
  return `kubelab-${clusterId}`;
}

/** A kubeconfig (clientcmd v1 Config) for one learner's cluster, as YAML. */
export async function kubeconfigYaml(input: KubeconfigInput): Promise<string> {
  const name = contextName(input.clusterId);
  const user = `kubelab-${input.learnerId}`;
  const { stringify } = await loadYaml();
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          ...(input.certificateAuthority ? { 'certificate-authority-data': Buffer.from(input.certificateAuthority).toString('base64') } : {}),
          server: `${input.baseUrl}/v1/clusters/${input.clusterId}`,
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
    users: [{ name: user, user: { token: input.token } }],
  });
}

/**
 * The base URL the caller reached Kubelab at: X-Forwarded-Proto (API Gateway, local server) and
 * Host; https regardless when `secure` (local mode serves the Kubernetes API over https on the
 * same port, because kubectl sends tokens only to https servers).
 */
export function requestBaseUrl(event: APIGatewayProxyEventV2, secure = false): string {
  const forwarded = (header(event, 'x-forwarded-proto') ?? 'https').split(',')[0]?.trim() || 'https';
  const proto = secure ? 'https' : forwarded;
  const host = header(event, 'host') ?? event.requestContext.domainName;
  return `${proto}://${host}`;
}

/** The route serving the learner's kubeconfig. */
export function kubeconfigRoute(auth: AuthService, settings: KubeconfigSettings = {}): Route {
  return route(auth, {
    method: 'GET',
    path: '/v1/me/kubeconfig',
    auth: ['learner'],
    summary: "The calling learner's kubeconfig: their cluster's Kubernetes API, for a real kubectl.",
    description:
      'Save it and point kubectl at it: `curl -H "Authorization: Bearer $TOKEN" $KUBELAB/v1/me/kubeconfig > kubeconfig; KUBECONFIG=kubeconfig kubectl get nodes`.',
    tags: ['learner'],
    responses: { 200: { description: 'A kubeconfig (YAML) with the server URL, the token and a context for the cluster.', contentType: 'application/yaml' } },
    handle: async ({ principal, event }) => {
      const token = bearerToken(event);
      const text = await kubeconfigYaml({
        baseUrl: settings.serverUrl ?? requestBaseUrl(event, settings.certificateAuthority !== undefined),
        clusterId: principal.clusterId,
        learnerId: principal.learnerId,
        token,
        ...(settings.certificateAuthority ? { certificateAuthority: settings.certificateAuthority } : {}),
      });
      return {
        status: 200,
        text,
        headers: { 'content-type': 'application/yaml', 'content-disposition': `attachment; filename="${contextName(principal.clusterId)}.kubeconfig"` },
      };
    },
  });
}
