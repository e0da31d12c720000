/**
 * The kubelet's view of one container's process: the image it runs (from the catalogue, or a
 * learner's own), the environment it is started with and when it exits. The kubelet (planning) and the logs (replaying) both come through here, so
 * a container's log always ends where its status says it exited.
 */
import { sameJson } from '../etcd.ts';
import { findBuild, findBuildByDigest } from '../container-runtime/builds.ts';
import { BUILT_IN_CATALOGUE, findImage, type Catalogue } from '../container-runtime/catalogue.ts';
import { parseImageReference } from '../container-runtime/image-reference.ts';
import { runProcess, type LogWindow, type ProcessOutcome, type ProcessSpec } from '../container-runtime/process.ts';
import type { PodNetwork } from '../container-runtime/wget.ts';
import { genericImage } from '../container-runtime/registry.ts';
import type { Container, Pod } from '../objects.ts';
import type { ContainerConfig } from '../container-runtime/state.ts';
import { resolveEnv, type ObjectReader } from './container-config.ts';
import { probeAnswer, probeTiming } from './probes.ts';

/** The catalogue every simulated registry serves. */
export const CATALOGUE: Catalogue = BUILT_IN_CATALOGUE;

/** The process spec of `container` in `pod`, running the image `image` (the status image once pulled, else the spec's), started with `config`. */
export function processSpec(pod: Pod, container: Container, image: string, imageID = '', config?: ContainerConfig): ProcessSpec {
  const env = containerEnv(pod, container, config);
  const files = { ...(config?.files ? { files: config.files } : {}), ...(config?.volumes ? { writable: Object.keys(config.volumes) } : {}) };
  const parsed = parseImageReference(image);
  if (!parsed.ok) {
    const fallback = genericImage({ raw: image, registry: 'docker.io', repository: 'library/app', name: 'docker.io/library/app', tag: 'latest', tagWritten: false, digest: undefined, normalized: 'docker.io/library/app:latest', dockerRef: 'docker.io/library/app:latest' });
    return { container, image: fallback.image, build: fallback.build, generic: true, env, ...files };
  }
  const reference = parsed.reference;
  const known = findImage(CATALOGUE, reference.name);
  if (!known) {
    const generic = genericImage(reference);
    return { container, image: generic.image, build: generic.build, generic: true, env, ...files };
  }
  const digest = reference.digest ?? (imageID.includes('@') ? imageID.slice(imageID.indexOf('@') + 1) : undefined);
  const build = (digest ? findBuildByDigest(known, digest) : undefined) ?? findBuild(known, reference.tag ?? 'latest');
  return { container, image: known, build, generic: false, env, ...files };
}

/** The variables every container gets before its own: HOSTNAME and the `kubernetes` service's. */
export function baseEnv(pod: Pod): Record<string, string> {
  return {
    HOSTNAME: pod.metadata.name,
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
    KUBERNETES_PORT_443_TCP_PORT: '443',
    KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
  };
}

const NO_OBJECTS: ObjectReader = { get: () => undefined };

/**
 * The environment a container sees: the base variables, then its own: those `config` resolved from
 * ConfigMaps and Secrets at its start, else its `env` values (a reference it has no config for is left out).
 */
function containerEnv(pod: Pod, container: Container, config?: ContainerConfig): Record<string, string> {
  const base = baseEnv(pod);
  if (config?.env) return { ...base, ...config.env };
  const own = resolveEnv(NO_OBJECTS, pod, container, base);
  return own.ok ? { ...base, ...own.value } : base;
}

// Outcomes of containers that run their image as shipped depend on nothing but the image and the
// container spec (not the pod's name, address or start), so thousands of replicas share one. Not
// on its volume mounts either (what a program reads through them comes with a config, which keeps
// it out of this cache), which are left out of the key: each pod's own service-account token
// volume would otherwise make every replica's key different.
const SHIPPED_OUTCOMES = new Map<string, ProcessOutcome>();
const MAX_SHIPPED_OUTCOMES = 512;
let LAST_SHIPPED: { readonly container: object; readonly image: string; readonly imageID: string; readonly outcome: ProcessOutcome } | undefined;

/** How the process goes from its start to its end (or forever), started with `config`; `network` is the cluster as the pod finds it at the start. */
export function plannedOutcome(pod: Pod, container: Container, image: string, imageID: string, startMs: number, config?: ContainerConfig, network?: PodNetwork): ProcessOutcome {
  // Values from ConfigMaps and Secrets are the pod's own: such a container's outcome is not shared.
  const shipped = !container.command && !container.args && !config;
  const { volumeMounts: _mounts, ...keyed } = container as Container & { readonly volumeMounts?: unknown };
  // Replicas start one after another: the last shipped container compared in place saves serializing it.
  const last = LAST_SHIPPED;
  if (shipped && last && last.image === image && last.imageID === imageID && sameJson(last.container, keyed)) return last.outcome;
  const key = shipped ? `${image}\n${imageID}\n${JSON.stringify(keyed)}` : '';
  const known = shipped ? SHIPPED_OUTCOMES.get(key) : undefined;
  if (known) {
    LAST_SHIPPED = { container: keyed, image, imageID, outcome: known };
    return known;
  }
  const window: LogWindow = { startMs, untilMs: Infinity, maxLines: 0, podIP: pod.status?.podIP ?? '', hostname: pod.metadata.name };
  const outcome = runProcess({ ...processSpec(pod, container, image, imageID, config), ...(network ? { network } : {}) }, window);
  if (shipped) {
    if (SHIPPED_OUTCOMES.size >= MAX_SHIPPED_OUTCOMES) SHIPPED_OUTCOMES.clear();
    SHIPPED_OUTCOMES.set(key, outcome);
    LAST_SHIPPED = { container: keyed, image, imageID, outcome };
  }
  return outcome;
}

/** The readiness probe's HTTP calls a web server logs (none when it cannot connect): first call, period, status. */
export function probeSchedule(pod: Pod, container: Container, image: string, imageID: string, nodeIP: string, config?: ContainerConfig): LogWindow['probe'] {
  const probe = container.readinessProbe;
  if (!probe?.httpGet) return undefined;
  const spec = processSpec(pod, container, image, imageID);
  const answer = probeAnswer(container, probe, plannedOutcome(pod, container, image, imageID, 0, config), spec.image, spec.generic, pod.status?.podIP ?? '');
  if (!answer.ok && answer.status === undefined) return undefined;
  const { firstMs, periodMs } = probeTiming(probe, 1);
  return { firstMs, periodMs, path: probe.httpGet.path ?? '/', nodeIP, status: answer.status ?? 200 };
}
