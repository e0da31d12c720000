/**
 * Objects a kind's strategy serves from code until one is written (`builtIn`: the RBAC bootstrap
 * policy). Reads see them beside the stored objects; a write naming one first stores it as it
 * was served, so the write then finds it as on a real cluster (an update, a patch, a delete, or a
 * create's AlreadyExists). A stored object of the same name takes the built-in one's place.
 */
import type { Cluster } from '../cluster.ts';
import type { Etcd } from '../etcd.ts';
import type { KubeObject } from '../objects.ts';
import type { ApiRequest } from './request.ts';
import type { ResourceInfo } from './resources.ts';

/** The built-in object of that name, when the kind has one and none is stored. */
export function builtInObject(etcd: Etcd, info: ResourceInfo, name: string): KubeObject | undefined {
  const builtIn = info.strategy.builtIn;
  if (!builtIn || etcd.get(info.kind, undefined, name)) return undefined;
  return builtIn(etcd).find((object) => object.metadata.name === name);
}

/** The stored objects with the built-in ones not stored, in name order. */
export function withBuiltIns(etcd: Etcd, info: ResourceInfo, stored: KubeObject[]): KubeObject[] {
  const builtIn = info.strategy.builtIn;
  if (!builtIn) return stored;
  const names = new Set(stored.map((object) => object.metadata.name));
  return [...stored, ...builtIn(etcd).filter((object) => !names.has(object.metadata.name))].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** Every object of a kind a reader sees, stored or built in (for the authorizer and controllers). */
export function objectsOf(etcd: Etcd, info: ResourceInfo, namespace?: string): KubeObject[] {
  return withBuiltIns(etcd, info, etcd.list(info.kind, namespace));
}

/**
 * Stores the built-in object a write names, if it is one not stored yet, and returns the request
 * to serve: an update that carries the served object's resourceVersion carries the stored one's.
 */
export function storeBuiltInFor(cluster: Cluster, info: ResourceInfo, request: ApiRequest): ApiRequest {
  const writes = request.verb === 'create' || request.verb === 'update' || request.verb === 'patch' || request.verb === 'delete';
  if (!writes || !info.strategy.builtIn) return request;
  const body = request.body as { metadata?: { name?: unknown; resourceVersion?: unknown } } | undefined;
  const name = request.name ?? (typeof body?.metadata?.name === 'string' ? body.metadata.name : undefined);
  const object = name === undefined ? undefined : builtInObject(cluster.etcd, info, name);
  if (!object) return request;
  const stored = cluster.etcd.create(structuredClone(object));
  if (!stored.ok || request.verb !== 'update' || body?.metadata?.resourceVersion !== object.metadata.resourceVersion) return request;
  return { ...request, body: { ...body, metadata: { ...body?.metadata, resourceVersion: stored.object.metadata.resourceVersion } } };
}
