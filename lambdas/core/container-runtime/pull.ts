/**
 * Image pulls as the kubelet's image manager and containerd perform them: the pull policy against
 * the node's image store, how long a pull takes, and the events and waiting reasons the kubelet
 * reports, word for word. planPull decides everything up front and returns it as data; the
 * kubelet records the events at start + offsetMs and applies the outcome when the time comes.
 */
import type { Random } from '../random.ts';
import { scaled } from '../timings.ts';
import type { Catalogue } from './catalogue.ts';
import { defaultPullPolicy, goQuote, parseImageReference, type ImageReference } from './image-reference.ts';
import { genericImage, resolveImage, type ResolvedImage, type ResolveOptions } from './registry.ts';

/** The container's imagePullPolicy. */
export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** One entry of node.status.images: the names containerd knows an image by, and its size. */
export interface NodeImage {
  readonly names: readonly string[];
  readonly sizeBytes: number;
}

/** An event the kubelet records about the container, `offsetMs` after it began ensuring the image. */
export interface PullEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: 'Pulling' | 'Pulled' | 'Failed' | 'BackOff' | 'InspectFailed' | 'ErrImageNeverPull';
  readonly message: string;
  readonly offsetMs: number;
}

/** Everything a pull depends on. */
export interface PullInput extends ResolveOptions {
  /** The image as written in the pod spec. */
  readonly image: string;
  /** As set on the container; when absent, defaulted as the API server does (Always for latest). */
  readonly imagePullPolicy?: PullPolicy;
  /** The node's image store (node.status.images). */
  readonly nodeImages: readonly NodeImage[];
  readonly catalogue: Catalogue;
  /** The cluster's random source: the pull's jitter comes from here. */
  readonly random: Random;
  /** The cluster's speed factor: durations are divided by it. Default 1. */
  readonly speed?: number;
  /** Time spent queued behind other pulls on the node (already simulated time; not scaled). */
  readonly waitingMs?: number;
}

/** Why the container waits when the image could not be made present. */
export type PullWaitingReason = 'ErrImagePull' | 'InvalidImageName' | 'ErrImageNeverPull';

/** The decided pull: its outcome, when it completes, and what the kubelet reports. */
export interface PullPlan {
  readonly outcome: 'cached' | 'pulled' | 'failed';
  /** From the start of the attempt until the image is present (or the failure is known). */
  readonly durationMs: number;
  /** The image's compressed size; 0 when the pull failed. */
  readonly sizeBytes: number;
  /** For the container status: `docker.io/library/nginx@sha256:…`; empty when the pull failed. */
  readonly imageID: string;
  /** For the container status `image`: `docker.io/library/nginx:1.27` (as written when unparseable). */
  readonly statusImage: string;
  readonly events: readonly PullEvent[];
  /** The container's waiting state once a pull failed. */
  readonly waiting?: { readonly reason: PullWaitingReason; readonly message: string };
  /** For a failure that is retried: what the kubelet reports while the retry is held back. */
  readonly backOff?: { readonly reason: 'ImagePullBackOff'; readonly message: string; readonly events: readonly PullEvent[] };
  /** The image (for the container's behaviour and logs) when it is present. */
  readonly resolved?: ResolvedImage;
  /** The node.status.images entry to record after a pull. */
  readonly nodeImage?: NodeImage;
}

// A pull's shape: resolve (token + manifest round trips), download, unpack. Seconds for a 70 MB image.
const RESOLVE_BASE_MS = 250;
const RESOLVE_SPREAD_MS = 250;
const DOWNLOAD_BYTES_PER_MS = 40_000; // 40 MB/s from the registry
const UNPACK_BYTES_PER_MS = 120_000; // 120 MB/s into the snapshotter

/** Decides a pull of `input.image` on a node, as the kubelet's EnsureImageExists would. */
export function planPull(input: PullInput): PullPlan {
  const speed = input.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed is ${speed}: use a positive number`);
  const quoted = goQuote(input.image);
  const parsed = parseImageReference(input.image);
  if (!parsed.ok) {
    const { message } = parsed.invalid;
    return failed(input.image, [warning('InspectFailed', message, 0), warning('Failed', 'Error: InvalidImageName', 0)], 'InvalidImageName', message);
  }
  const reference = parsed.reference;
  const statusImage = reference.dockerRef;
  const present = input.nodeImages.find((entry) => entry.names.includes(reference.dockerRef));
  const policy = input.imagePullPolicy ?? defaultPullPolicy(input.image);

  if (present && policy !== 'Always') {
    const event = normal('Pulled', `Container image ${quoted} already present on machine`, 0);
    const resolved = cachedImage(input.catalogue, reference, present);
    return { outcome: 'cached', durationMs: 0, sizeBytes: present.sizeBytes, imageID: resolved.imageID, statusImage, events: [event], resolved };
  }
  if (policy === 'Never') {
    const message = `Container image ${quoted} is not present with pull policy of Never`;
    return failed(statusImage, [warning('ErrImageNeverPull', message, 0), warning('Failed', 'Error: ErrImageNeverPull', 0)], 'ErrImageNeverPull', message);
  }

  const waitingMs = input.waitingMs ?? 0;
  const pulling = normal('Pulling', `Pulling image ${quoted}`, 0);
  const result = resolveImage(input.catalogue, reference, input);
  const resolveMs = RESOLVE_BASE_MS + input.random.nextInt(RESOLVE_SPREAD_MS);
  if (!result.ok) {
    const pullMs = scaled(resolveMs, speed);
    const error = `rpc error: code = ${result.failure.code} desc = ${result.failure.error}`;
    const at = waitingMs + pullMs;
    const events = [pulling, warning('Failed', `Failed to pull image ${quoted}: ${error}`, at), warning('Failed', 'Error: ErrImagePull', at)];
    return { ...failed(statusImage, events, 'ErrImagePull', error, at), backOff: pullBackOff(input.image) };
  }

  const resolved = result.resolved;
  // Layers already in the content store (same digest under another name, or Always on a present image) are not fetched again.
  const contentPresent = input.nodeImages.some((entry) => entry.names.includes(resolved.imageID));
  const jitter = 0.9 + input.random.nextInt(200) / 1000;
  const transferMs = contentPresent ? 0 : resolved.sizeBytes / DOWNLOAD_BYTES_PER_MS + resolved.sizeBytes / UNPACK_BYTES_PER_MS;
  const pullMs = scaled((resolveMs + transferMs) * jitter, speed);
  const at = waitingMs + pullMs;
  const message =
    `Successfully pulled image ${quoted} in ${goDuration(pullMs)} (${goDuration(at)} including waiting). ` +
    `Image size: ${resolved.sizeBytes} bytes.`;
  return {
    outcome: 'pulled',
    durationMs: at,
    sizeBytes: resolved.sizeBytes,
    imageID: resolved.imageID,
    statusImage,
    events: [pulling, normal('Pulled', message, at)],
    resolved,
    nodeImage: { names: [resolved.imageID, ...(reference.tag ? [`${reference.name}:${reference.tag}`] : [])], sizeBytes: resolved.sizeBytes },
  };
}

/** What the kubelet reports for an image pull held back (reason ImagePullBackOff). */
export function pullBackOff(image: string): NonNullable<PullPlan['backOff']> {
  const message = `Back-off pulling image ${goQuote(image)}`;
  return { reason: 'ImagePullBackOff', message, events: [normal('BackOff', message, 0), warning('Failed', 'Error: ImagePullBackOff', 0)] };
}

/** The node's image list after a pull: names merged into the entry of the same digest, largest first, at most 50 (as the kubelet reports). */
export function recordPulledImage(nodeImages: readonly NodeImage[], pulled: NodeImage): NodeImage[] {
  const [digestName] = pulled.names;
  const existing = nodeImages.find((entry) => entry.names.includes(digestName ?? ''));
  // Pulled before under every one of these names (most pulls on a busy node): the list stands as it is.
  if (existing && existing.sizeBytes === pulled.sizeBytes && pulled.names.every((name) => existing.names.includes(name))) return nodeImages as NodeImage[];
  const others = nodeImages.filter((entry) => !entry.names.includes(digestName ?? ''));
  const names = [...new Set([...(existing?.names ?? []), ...pulled.names])].sort((a, b) => Number(b.includes('@')) - Number(a.includes('@')));
  const merged = [...others.map((entry) => ({ names: [...entry.names], sizeBytes: entry.sizeBytes })), { names, sizeBytes: pulled.sizeBytes }];
  return merged.sort((a, b) => b.sizeBytes - a.sizeBytes).slice(0, 50);
}

/** Go's time.Duration String for a whole number of milliseconds: `412ms`, `2.345s`, `1m2.5s`, `0s`. */
export function goDuration(ms: number): string {
  const total = Math.trunc(ms);
  if (total === 0) return '0s';
  if (Math.abs(total) < 1000) return `${total}ms`;
  const sign = total < 0 ? '-' : '';
  let rest = Math.abs(total);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const fraction = String(rest % 1000).padStart(3, '0').replace(/0+$/, '');
  const seconds = `${Math.floor(rest / 1000)}${fraction ? `.${fraction}` : ''}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** A present image, described from the catalogue when it still knows it (a cached image runs even if the registry would now refuse it). */
function cachedImage(catalogue: Catalogue, reference: ImageReference, present: NodeImage): ResolvedImage {
  const result = resolveImage(catalogue, reference, { withPullSecret: true });
  const resolved = result.ok ? result.resolved : genericImage(reference);
  const imageID = present.names.find((name) => name.includes('@')) ?? resolved.imageID;
  return { ...resolved, imageID, sizeBytes: present.sizeBytes };
}

function failed(statusImage: string, events: PullEvent[], reason: PullWaitingReason, message: string, durationMs = 0): PullPlan {
  return { outcome: 'failed', durationMs, sizeBytes: 0, imageID: '', statusImage, events, waiting: { reason, message } };
}

function normal(reason: PullEvent['reason'], message: string, offsetMs: number): PullEvent {
  return { type: 'Normal', reason, message, offsetMs };
}

function warning(reason: PullEvent['reason'], message: string, offsetMs: number): PullEvent {
  return { type: 'Warning', reason, message, offsetMs };
}
