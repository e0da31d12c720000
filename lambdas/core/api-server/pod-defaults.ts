/**
 * SetDefaults_PodSpec and SetDefaults_PodTemplateSpec with everything inside them (containers,
 * probes, ports, volumes, quantities), which a Pod and the pod templates of Deployments,
 * ReplicaSets and DaemonSets share; their strategies call these. Defaulting works in place on a
 * copy the caller owns, except defaultedTemplate, which copies.
 */
import { copyJson } from '../json.ts';
import { parseQuantity, roundUpToMilli } from './quantity.ts';
import { type Json, type WireContainer, type WirePodSpec, isObject, isWirePodSpec, listOf } from './wire.ts';

/** The image tag a pull policy is chosen from: "latest" when none is given, "" when there is only a digest or the reference does not parse. */
export function imageTag(image: string): string {
  const [name = '', digest] = image.split('@');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : '';
  const repository = colon > slash ? name.slice(0, colon) : name;
  const components = repository.split('/');
  // The first component is a registry host when it looks like one (has '.' or ':', or is localhost).
  const first = components[0] ?? '';
  const hasDomain = components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasDomain ? components.slice(1) : components;
  const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
  const domainOk = !hasDomain || /^[a-zA-Z0-9.-]+(?::[0-9]+)?$/.test(first);
  const tagOk = tag === '' || /^[\w][\w.-]{0,127}$/.test(tag);
  if (!domainOk || !tagOk || path.length === 0 || !path.every((p) => component.test(p))) return '';
  if (tag) return tag;
  return digest === undefined ? 'latest' : '';
}

function defaultQuantities(list: unknown): void {
  if (!isObject(list)) return;
  for (const [name, value] of Object.entries(list)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const parsed = parseQuantity(value);
    if (parsed.ok) list[name] = roundUpToMilli(parsed.quantity).text;
  }
}

function defaultHandler(handler: unknown): void {
  if (!isObject(handler) || !isObject(handler['httpGet'])) return;
  const httpGet = handler['httpGet'];
  if (!httpGet['path']) httpGet['path'] = '/';
  if (!httpGet['scheme']) httpGet['scheme'] = 'HTTP';
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  if (!probe['timeoutSeconds']) probe['timeoutSeconds'] = 1;
  if (!probe['periodSeconds']) probe['periodSeconds'] = 10;
  if (!probe['successThreshold']) probe['successThreshold'] = 1;
  if (!probe['failureThreshold']) probe['failureThreshold'] = 3;
  defaultHandler(probe);
}

function defaultContainer(container: WireContainer, isPod: boolean, hostNetwork: boolean): void {
  if (!container.imagePullPolicy) {
    container.imagePullPolicy = imageTag(typeof container.image === 'string' ? container.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  if (!container.terminationMessagePath) container.terminationMessagePath = '/dev/termination-log';
  if (!container.terminationMessagePolicy) container.terminationMessagePolicy = 'File';
  for (const port of listOf(container.ports)) {
    if (!isObject(port)) continue;
    if (!port.protocol) port.protocol = 'TCP';
    // With host networking a pod's container ports are its host ports.
    if (isPod && hostNetwork && !port.hostPort) port.hostPort = port.containerPort;
  }
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) defaultProbe(probe);
  if (isObject(container.lifecycle)) for (const hook of Object.values(container.lifecycle)) defaultHandler(hook);
  for (const env of listOf(container.env)) {
    const fieldRef = isObject(env) && isObject(env.valueFrom) ? env.valueFrom['fieldRef'] : undefined;
    if (isObject(fieldRef) && !fieldRef['apiVersion']) fieldRef['apiVersion'] = 'v1';
  }
  // ResourceRequirements is a struct, never omitted: a template stores `resources: {}` however it arrived.
  if (!isObject(container.resources)) container.resources = {};
  const resources = container.resources as Json;
  // Only a Pod (not a template) gets requests copied from limits: templates keep what was written.
  if (isPod && isObject(resources['limits'])) {
    const requests = isObject(resources['requests']) ? resources['requests'] : {};
    for (const [name, value] of Object.entries(resources['limits'])) if (!(name in requests)) requests[name] = value;
    resources['requests'] = requests;
  }
  defaultQuantities(resources['limits']);
  defaultQuantities(resources['requests']);
}

const VOLUME_SOURCES = ['configMap', 'secret', 'projected', 'downwardAPI'] as const;

const itemsOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function defaultFieldRefs(items: unknown): void {
  for (const item of itemsOf(items)) {
    const fieldRef = isObject(item) ? item['fieldRef'] : undefined;
    if (isObject(fieldRef) && !fieldRef['apiVersion']) fieldRef['apiVersion'] = 'v1';
  }
}

function defaultVolume(volume: Json): void {
  const sources = Object.keys(volume).filter((key) => key !== 'name');
  if (sources.length === 0) volume['emptyDir'] = {};
  for (const source of VOLUME_SOURCES) {
    const body = volume[source];
    if (isObject(body) && body['defaultMode'] === undefined) body['defaultMode'] = 420;
  }
  const hostPath = volume['hostPath'];
  if (isObject(hostPath) && hostPath['type'] === undefined) hostPath['type'] = '';
  if (isObject(volume['downwardAPI'])) defaultFieldRefs(volume['downwardAPI']['items']);
  const projected = volume['projected'];
  for (const source of isObject(projected) ? itemsOf(projected['sources']) : []) {
    if (!isObject(source)) continue;
    if (isObject(source['downwardAPI'])) defaultFieldRefs(source['downwardAPI']['items']);
    const token = source['serviceAccountToken'];
    if (isObject(token) && token['expirationSeconds'] === undefined) token['expirationSeconds'] = 3600;
  }
}

/** SetDefaults_PodSpec and everything inside it; `isPod` adds what only a Pod (not a template) gets. */
export function defaultPodSpec(spec: WirePodSpec, isPod: boolean): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!isObject(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  if (isPod && (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null)) spec.enableServiceLinks = true;
  for (const container of [...listOf(spec.initContainers), ...listOf(spec.containers), ...itemsOf((spec as Json)['ephemeralContainers'])]) {
    if (isObject(container)) defaultContainer(container as WireContainer, isPod, spec.hostNetwork === true);
  }
  for (const volume of listOf(spec.volumes)) if (isObject(volume)) defaultVolume(volume);
}

/** SetDefaults_PodTemplateSpec, inside a Deployment, ReplicaSet or DaemonSet: its metadata and its pod spec. */
export function defaultTemplate(template: unknown): void {
  if (!isObject(template)) return;
  // A template's ObjectMeta is a struct and its zero time marshals as null: v1.32 stores and shows
  // `creationTimestamp: null`, whichever way the template arrived.
  const metadata = isObject(template['metadata']) ? template['metadata'] : {};
  template['metadata'] = metadata;
  if (metadata['creationTimestamp'] === undefined) metadata['creationTimestamp'] = null;
  if (isWirePodSpec(template['spec'])) defaultPodSpec(template['spec'], false);
}

/** A pod template as the API server stores it inside a Deployment, ReplicaSet or DaemonSet; the input is left as it was. */
export function defaultedTemplate<T>(template: T): T {
  const copy = copyJson(template);
  defaultTemplate(copy);
  return copy;
}
