/**
 * The TokenRequest subresource (`POST serviceaccounts/<name>/token`, authentication.k8s.io/v1)
 * that `kubectl create token <serviceaccount>` creates. A real API server signs a JWT with its
 * service-account key; this one issues a token of the same shape and claims (issuer, audiences,
 * expiry, the service account and what it is bound to), drawn from the cluster's random source at
 * the cluster's clock, so a replay issues the same token. No key signs it and nothing here accepts
 * it: Kubelab's API authenticates learners' Kubelab tokens only (docs/KUBE-API.md says so).
 */
import type { KubeObject } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { invalid, type StatusCause } from './field-errors.ts';
import { base64, sha256 } from './openapi/sha256.ts';
import type { ApiResponse } from './request.ts';
import { isDryRun, refuse, reply, type Target } from './rest-common.ts';
import { invalidStatus, notFoundStatus } from './status.ts';
import { type Json, isObject } from './wire.ts';

/** The API server's issuer and default audience, as kubeadm configures them. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** A token's lifetime when the request names none: one hour. */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** The kinds a token may be bound to, and the claim that names them. */
const BINDABLE: Readonly<Record<string, { readonly apiVersion: string; readonly claim: string }>> = {
  Pod: { apiVersion: 'v1', claim: 'pod' },
  Secret: { apiVersion: 'v1', claim: 'secret' },
  Node: { apiVersion: 'v1', claim: 'node' },
};

function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function segment(value: Json): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

function validate(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const seconds = spec['expirationSeconds'];
  if (typeof seconds === 'number' && seconds < MIN_EXPIRATION_SECONDS) causes.push(invalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes'));
  if (typeof seconds === 'number' && seconds > MAX_EXPIRATION_SECONDS) causes.push(invalid('spec.expirationSeconds', seconds, 'may not specify a duration larger than 2^32 seconds'));
  const bound = isObject(spec['boundObjectRef']) ? spec['boundObjectRef'] : undefined;
  if (bound && !BINDABLE[String(bound['kind'])]) causes.push(invalid('spec.boundObjectRef.kind', String(bound['kind'] ?? ''), 'must be one of Node, Pod, Secret'));
  return causes;
}

/** POST serviceaccounts/<name>/token: a TokenRequest with its status (the token and when it expires) filled in. */
export function requestToken(t: Target): ApiResponse {
  const { cluster, request } = t;
  const name = request.name ?? '';
  const body = isObject(request.body) ? request.body : {};
  const spec: Json = isObject(body['spec']) ? { ...body['spec'] } : {};
  const causes = validate(spec);
  if (causes.length) return refuse(invalidStatus('TokenRequest', 'authentication.k8s.io', name, causes));
  const account = cluster.etcd.get<KubeObject>('ServiceAccount', request.namespace, name);
  if (!account) return refuse(notFoundStatus('serviceaccounts', name));
  const bound = isObject(spec['boundObjectRef']) ? spec['boundObjectRef'] : undefined;
  const boundKind = bound ? (BINDABLE[String(bound['kind'])] as { claim: string }) : undefined;
  const boundObject = bound && cluster.etcd.get<KubeObject>(String(bound['kind']), bound['kind'] === 'Node' ? undefined : request.namespace, String(bound['name'] ?? ''));
  if (bound && !boundObject) return refuse(notFoundStatus(`${String(bound['kind']).toLowerCase()}s`, String(bound['name'] ?? '')));

  // A pod-bound token also names the pod's node, as v1.32 (ServiceAccountTokenPodNodeInfo) does.
  const nodeName = bound?.['kind'] === 'Pod' ? (boundObject as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName : undefined;
  const node = nodeName ? cluster.etcd.get<KubeObject>('Node', undefined, nodeName) : undefined;
  const audiences = Array.isArray(spec['audiences']) && spec['audiences'].length > 0 ? spec['audiences'] : [SERVICE_ACCOUNT_ISSUER];
  const expirationSeconds = typeof spec['expirationSeconds'] === 'number' ? spec['expirationSeconds'] : DEFAULT_EXPIRATION_SECONDS;
  const issuedAt = Math.floor(cluster.now / 1000);
  const random = cluster.randomSource;
  const claims: Json = {
    aud: audiences,
    exp: issuedAt + expirationSeconds,
    iat: issuedAt,
    iss: SERVICE_ACCOUNT_ISSUER,
    jti: random.nextUuid(),
    'kubernetes.io': {
      namespace: request.namespace ?? '',
      ...(node ? { node: { name: node.metadata.name, uid: node.metadata.uid } } : {}),
      ...(boundKind && boundObject ? { [boundKind.claim]: { name: boundObject.metadata.name, uid: boundObject.metadata.uid } } : {}),
      serviceaccount: { name, uid: account.metadata.uid },
    },
    nbf: issuedAt,
    sub: `system:serviceaccount:${request.namespace ?? ''}:${name}`,
  };
  // The key id names the cluster's (notional) signing key; the signature is random bytes of an RS256 signature's length.
  const systemUid = cluster.etcd.get<KubeObject>('Namespace', undefined, 'kube-system')?.metadata.uid ?? '';
  const header = { alg: 'RS256', kid: base64url(sha256(`service-account-key:${systemUid}`)) };
  const signature = new Uint8Array(256);
  const words = new DataView(signature.buffer);
  for (let i = 0; i < signature.length; i += 4) words.setUint32(i, random.nextUint32());
  const token = `${segment(header)}.${segment(claims)}.${base64url(signature)}`;

  const metadata = { ...(isObject(body['metadata']) ? body['metadata'] : {}), name, namespace: request.namespace, creationTimestamp: rfc3339(cluster.now) };
  const status = { token: isDryRun(request) ? '' : token, expirationTimestamp: rfc3339((issuedAt + expirationSeconds) * 1000) };
  return reply({ kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata, spec: { audiences, expirationSeconds, boundObjectRef: bound ?? null }, status }, 201);
}
