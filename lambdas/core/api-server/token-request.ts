/**
 * The TokenRequest subresource (`POST serviceaccounts/<name>/token`, authentication.k8s.io/v1)
 * that `kubectl create token <serviceaccount>` creates. A real API server signs a JWT with its
 * service-account key; this one issues a token of the same shape and claims (issuer, audiences,
 * expiry, the service account and what it is bound to, and the cluster that issued it), drawn from
 * the cluster's random source at the cluster's clock, so a replay issues the same token. No key
 * signs it: the cluster keeps each token's SHA-256 until it expires (never the token), and
 * accepts as a bearer token only one it issued, unexpired, whose service account (and bound
 * object) still exists with the uid it names, as bound tokens are checked.
 */
import type { KubeObject, Pod } from '../objects.ts';
import type { Cluster } from '../cluster.ts';
import { type UserInfo, serviceAccountGroups } from '../rbac/authorizer.ts';
import { rfc3339 } from '../time.ts';
import { invalid, type StatusCause } from './field-errors.ts';
import { base64, sha256 } from './openapi/sha256.ts';
import type { ApiResponse } from './request.ts';
import { isDryRun, refuse, reply, type Target } from './rest-common.ts';
import { type KubeStatus, invalidStatus, notFoundStatus } from './status.ts';
import { type Json, isObject } from './wire.ts';

/** The API server's issuer and default audience, as kubeadm configures them. */
const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** A token's lifetime when the request names none: one hour. */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** The kinds a token may be bound to: the claim that names the object, and where it is stored. */
const BINDABLE: Readonly<Record<string, { readonly claim: string; readonly plural: string; readonly namespaced: boolean }>> = {
  Node: { claim: 'node', plural: 'nodes', namespaced: false },
  Pod: { claim: 'pod', plural: 'pods', namespaced: true },
  Secret: { claim: 'secret', plural: 'secrets', namespaced: true },
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

const ref = (object: KubeObject) => ({ name: object.metadata.name, uid: object.metadata.uid });

/** The `kubernetes.io` claims of what the token is bound to: the object, and a pod's node, as v1.32 (ServiceAccountTokenPodNodeInfo) names it. */
function boundClaims(t: Target, bound: Json | undefined): Json | KubeStatus {
  if (!bound) return {};
  const kind = String(bound['kind']);
  const { claim, plural, namespaced } = BINDABLE[kind] as (typeof BINDABLE)[string];
  const name = String(bound['name'] ?? '');
  const object = t.cluster.etcd.get<KubeObject>(kind, namespaced ? t.request.namespace : undefined, name);
  if (!object) return notFoundStatus(plural, name);
  const nodeName = kind === 'Pod' ? (object as Pod).spec?.nodeName : undefined;
  const node = nodeName ? t.cluster.etcd.get<KubeObject>('Node', undefined, nodeName) : undefined;
  return { ...(node ? { node: ref(node) } : {}), [claim]: ref(object) };
}

/** A JWT of `claims`, whose header names the cluster's (notional) signing key and whose signature is random bytes of an RS256 signature's length. */
function token(t: Target, claims: Json): string {
  const systemUid = t.cluster.etcd.get<KubeObject>('Namespace', undefined, 'kube-system')?.metadata.uid ?? '';
  const header = { alg: 'RS256', kid: base64url(sha256(`service-account-key:${systemUid}`)) };
  const signature = new Uint8Array(256);
  const words = new DataView(signature.buffer);
  for (let i = 0; i < signature.length; i += 4) words.setUint32(i, t.cluster.randomSource.nextUint32());
  return `${segment(header)}.${segment(claims)}.${base64url(signature)}`;
}

/** The claim naming the cluster that issued a token: its API's base URL is /v1/clusters/<this>. */
export const CLUSTER_CLAIM = 'kubelab.dev/cluster';
/** The most tokens a cluster keeps at once; a new one beyond it retires the oldest. */
const MAX_ISSUED = 100;

const digest = (token: string) => base64url(sha256(token));

function record(cluster: Cluster, issued: string, exp: number): void {
  const live = cluster.issuedTokens.filter((t) => t.exp * 1000 > cluster.now);
  cluster.issuedTokens = [...live, { sha256: digest(issued), exp }].slice(-MAX_ISSUED);
}

/** The claims of a JWT-shaped token, unverified; undefined when it is not one. */
export function tokenClaims(token: string): Json | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const text = new TextDecoder().decode(Uint8Array.from(atob((parts[1] as string).replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(text);
    return isObject(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

const sameRef = (cluster: Cluster, kind: string, namespace: string | undefined, ref: unknown) =>
  isObject(ref) && cluster.etcd.get<KubeObject>(kind, namespace, String(ref['name']))?.metadata.uid === ref['uid'];

/** The service account a token this cluster issued authenticates as; undefined when it is not one, has expired, or what it names is gone. */
export function verifyServiceAccountToken(cluster: Cluster, token: string): UserInfo | undefined {
  const known = cluster.issuedTokens.find((t) => t.sha256 === digest(token));
  if (!known || known.exp * 1000 <= cluster.now) return undefined;
  const claims = tokenClaims(token);
  const k8s = claims && isObject(claims['kubernetes.io']) ? claims['kubernetes.io'] : undefined;
  if (!claims || !k8s || claims[CLUSTER_CLAIM] !== cluster.id) return undefined;
  const namespace = String(k8s['namespace']);
  if (!sameRef(cluster, 'ServiceAccount', namespace, k8s['serviceaccount'])) return undefined;
  if (k8s['pod'] !== undefined && !sameRef(cluster, 'Pod', namespace, k8s['pod'])) return undefined;
  if (k8s['secret'] !== undefined && !sameRef(cluster, 'Secret', namespace, k8s['secret'])) return undefined;
  return { name: String(claims['sub']), groups: serviceAccountGroups(namespace) };
}

/** POST serviceaccounts/<name>/token: a TokenRequest with its status (the token and when it expires) filled in. */
export function requestToken(t: Target): ApiResponse {
  const { cluster, request } = t;
  const name = request.name ?? '';
  const namespace = request.namespace ?? '';
  const body = isObject(request.body) ? request.body : {};
  const spec: Json = isObject(body['spec']) ? body['spec'] : {};
  const causes = validate(spec);
  if (causes.length) return refuse(invalidStatus('TokenRequest', 'authentication.k8s.io', name, causes));
  const account = cluster.etcd.get<KubeObject>('ServiceAccount', namespace, name);
  if (!account) return refuse(notFoundStatus('serviceaccounts', name));
  const bound = isObject(spec['boundObjectRef']) ? spec['boundObjectRef'] : undefined;
  const binding = boundClaims(t, bound);
  if (binding['kind'] === 'Status') return refuse(binding as KubeStatus);

  const audiences = Array.isArray(spec['audiences']) && spec['audiences'].length > 0 ? spec['audiences'] : [SERVICE_ACCOUNT_ISSUER];
  const expirationSeconds = typeof spec['expirationSeconds'] === 'number' ? spec['expirationSeconds'] : DEFAULT_EXPIRATION_SECONDS;
  const issuedAt = Math.floor(cluster.now / 1000);
  // Keys in the order the API server's JWT library writes them: sorted.
  const claims: Json = {
    aud: audiences,
    exp: issuedAt + expirationSeconds,
    iat: issuedAt,
    iss: SERVICE_ACCOUNT_ISSUER,
    jti: cluster.randomSource.nextUuid(),
    [CLUSTER_CLAIM]: cluster.id,
    'kubernetes.io': { namespace, ...binding, serviceaccount: ref(account) },
    nbf: issuedAt,
    sub: `system:serviceaccount:${namespace}:${name}`,
  };
  const metadata = { ...(isObject(body['metadata']) ? body['metadata'] : {}), name, namespace, creationTimestamp: rfc3339(cluster.now) };
  const issued = isDryRun(request) ? '' : token(t, claims);
  if (issued) record(cluster, issued, issuedAt + expirationSeconds);
  const status = { token: issued, expirationTimestamp: rfc3339((issuedAt + expirationSeconds) * 1000) };
  return reply({ kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata, spec: { audiences, expirationSeconds, boundObjectRef: bound ?? null }, status }, 201);
}
