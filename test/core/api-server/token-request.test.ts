import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import { body, call, newCluster, pod } from './fixtures.ts';

type TokenRequest = { metadata: { name: string }; spec: { audiences: string[]; expirationSeconds: number }; status: { token: string; expirationTimestamp: string } };

const ask = (cluster = newCluster(), name = 'default', spec: Record<string, unknown> = {}) =>
  call(cluster, { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec } });
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

describe('the serviceaccounts/token subresource (kubectl create token)', () => {
  it('issues a JWT-shaped token for the service account, the same from the same seed and clock', () => {
    const response = ask();
    expect(response.status).toBe(201);
    const request = body<TokenRequest>(response);
    expect(request).toMatchObject({ kind: 'TokenRequest', metadata: { name: 'default' }, spec: { expirationSeconds: 3600 } });
    const claims = claimsOf(request.status.token);
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:default', aud: ['https://kubernetes.default.svc.cluster.local'], iat: claims.nbf, exp: claims.iat + 3600 });
    expect(request.status.expirationTimestamp).toBe(new Date(claims.exp * 1000).toISOString().replace('.000Z', 'Z'));
    expect(body<TokenRequest>(ask()).status.token).toBe(request.status.token);
    const cluster = newCluster();
    ask(cluster);
    expect(body<TokenRequest>(ask(cluster)).status.token).not.toBe(request.status.token);
  });

  it('binds a token to a pod and names its node once scheduled', () => {
    const cluster = newCluster();
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('web') });
    cluster.advanceTo(cluster.now + 5_000);
    const claims = claimsOf(body<TokenRequest>(ask(cluster, 'default', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web' } })).status.token);
    expect(claims['kubernetes.io'].pod.name).toBe('web');
    expect(claims['kubernetes.io'].node.name).toMatch(/^worker-/);
    expect(body<KubeStatus>(ask(cluster, 'default', { boundObjectRef: { kind: 'Pod', name: 'gone' } })).message).toBe('pods "gone" not found');
  });

  it('refuses a missing service account and durations out of range', () => {
    expect(body<KubeStatus>(ask(newCluster(), 'nope'))).toMatchObject({ code: 404, message: 'serviceaccounts "nope" not found' });
    expect(body<KubeStatus>(ask(newCluster(), 'default', { expirationSeconds: 60 })).message).toBe(
      'TokenRequest.authentication.k8s.io "default" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    );
    expect(body<KubeStatus>(ask(newCluster(), 'default', { boundObjectRef: { kind: 'ConfigMap', name: 'x' } })).code).toBe(422);
  });
});
