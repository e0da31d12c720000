/**
 * The simulated registries: what resolving a reference returns, as containerd 1.7 sees it. The
 * catalogue's repositories know exactly their tags; a few reserved forms fail on purpose (for
 * exercises); everything else is a learner's own image and resolves to a generic server.
 */
import { buildDigest, findBuild, findBuildByDigest } from './builds.ts';
import { findImage, type Catalogue, type CatalogueImage, type ImageBuild } from './catalogue.ts';
import { fakeDigest, fnv1a32 } from './hash.ts';
import { parseImageReference, type ImageReference } from './image-reference.ts';

/** An image the registry has: its catalogue entry (or a generic stand-in) and the build resolved. */
export interface ResolvedImage {
  readonly reference: ImageReference;
  readonly image: CatalogueImage;
  readonly build: ImageBuild;
  /** The repo digest, `sha256:…`. */
  readonly digest: string;
  /** The container status imageID: `docker.io/library/nginx@sha256:…`. */
  readonly imageID: string;
  readonly sizeBytes: number;
  /** True for an image outside the catalogue (it serves on the container's declared ports). */
  readonly generic: boolean;
}

/** Why a reference did not resolve: the gRPC code containerd answers with and its error text. */
export interface ResolveFailure {
  readonly code: 'NotFound' | 'Unknown';
  /** containerd's error, e.g. `failed to pull and unpack image "…": failed to resolve reference "…": …: not found`. */
  readonly error: string;
}

/** Resolution of a reference against the registries. */
export type ResolveResult = { readonly ok: true; readonly resolved: ResolvedImage } | { readonly ok: false; readonly failure: ResolveFailure };

/** What else decides a pull besides the reference. */
export interface ResolveOptions {
  /** The pod has an imagePullSecret for this registry: private images pull. */
  readonly withPullSecret?: boolean;
  /** Images an instructor broke (as written or normalized, any tag when written without one): they are not found. */
  readonly brokenImages?: readonly string[];
}

/** The repository name every "repository does not exist" exercise uses as its last path element. */
export const MISSING_REPOSITORY = 'does-not-exist';

// The VPC resolver of the simulated nodes (10.0.0.0/16): where a DNS lookup from a node goes.
const NODE_RESOLVER = '10.0.0.2:53';

/** Looks `reference` up in the registries, as a pull's first step (resolving the manifest) does. */
export function resolveImage(catalogue: Catalogue, reference: ImageReference, options: ResolveOptions = {}): ResolveResult {
  const { registry, repository, dockerRef } = reference;
  const fail = (code: ResolveFailure['code'], cause: string): ResolveResult => ({
    ok: false,
    failure: { code, error: `failed to pull and unpack image "${dockerRef}": failed to resolve reference "${dockerRef}": ${cause}` },
  });
  const host = registry.replace(/:\d+$/, '');
  if (host.endsWith('.invalid')) {
    return fail('Unknown', `failed to do request: Head "${manifestUrl(reference)}": dial tcp: lookup ${host} on ${NODE_RESOLVER}: no such host`);
  }
  if (isBroken(reference, options.brokenImages ?? [])) return fail('NotFound', `${dockerRef}: not found`);

  const known = findImage(catalogue, reference.name);
  const components = repository.split('/');
  const isPrivate = known?.private === true || components.some((c) => c === 'private' || c.startsWith('private-'));
  if (isPrivate && !options.withPullSecret) return fail('Unknown', unauthorized(reference));
  if (components[components.length - 1] === MISSING_REPOSITORY || (!known && isMisspeltOfficialImage(catalogue, reference))) {
    return registry === 'docker.io' ? fail('Unknown', unauthorized(reference)) : fail('NotFound', `${dockerRef}: not found`);
  }
  if (known) {
    const found = reference.digest ? findBuildByDigest(known, reference.digest) : findBuild(known, reference.tag ?? 'latest');
    if (!found) return fail('NotFound', `${dockerRef}: not found`);
    const digest = buildDigest(known, found);
    return { ok: true, resolved: { reference, image: known, build: found, digest, imageID: `${reference.name}@${digest}`, sizeBytes: found.sizeBytes, generic: false } };
  }
  return { ok: true, resolved: genericImage(reference) };
}

/** An image outside the catalogue: a learner's own server, with a stable size and digest. */
export function genericImage(reference: ImageReference): ResolvedImage {
  const tag = reference.tag ?? 'latest';
  const digest = reference.digest ?? fakeDigest(`${reference.name}:${tag}`);
  // 25-115 MB, like a small application image on a slim base.
  const sizeBytes = 25_000_000 + (fnv1a32(reference.name) % 90_000_000) + (fnv1a32(digest) % 2_000_000);
  const program = reference.repository.split('/').pop() ?? 'app';
  const image: CatalogueImage = {
    name: reference.name,
    summary: "an image outside the catalogue: serves on the container's declared ports",
    builds: [{ tags: [tag], sizeBytes }],
    entrypoint: [`/usr/local/bin/${program}`],
    cmd: [],
    shell: 'sh',
    program,
    behaviour: { kind: 'serves', ports: [], readyAfterMs: 500 },
    logStyle: 'generic',
  };
  return { reference, image, build: image.builds[0] as ImageBuild, digest, imageID: `${reference.name}@${digest}`, sizeBytes, generic: true };
}

/** The registry's answer to an anonymous pull of a private (or, on Docker Hub, missing) repository. */
function unauthorized(reference: ImageReference): string {
  const { registry, repository } = reference;
  if (registry === 'docker.io') {
    return 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
  }
  const scope = encodeURIComponent(`repository:${repository}:pull`);
  return `failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://${registry}/token?scope=${scope}&service=${registry}: 401 Unauthorized`;
}

function manifestUrl(reference: ImageReference): string {
  return `https://${reference.registry}/v2/${reference.repository}/manifests/${reference.digest ?? reference.tag ?? 'latest'}`;
}

function isBroken(reference: ImageReference, brokenImages: readonly string[]): boolean {
  return brokenImages.some((written) => {
    const parsed = parseImageReference(written);
    if (!parsed.ok) return written === reference.raw;
    const broken = parsed.reference;
    // Written without a tag or digest ("nginx"), it breaks every tag of the repository.
    if (!broken.tagWritten && !broken.digest) return broken.name === reference.name;
    return broken.normalized === reference.normalized || broken.dockerRef === reference.dockerRef;
  });
}

/** `ngnix`, `redis-` and friends: Docker Hub has no such official image, so it answers "pull access denied". */
function isMisspeltOfficialImage(catalogue: Catalogue, reference: ImageReference): boolean {
  if (reference.registry !== 'docker.io' || !reference.repository.startsWith('library/')) return false;
  const written = reference.repository.slice('library/'.length);
  if (written.length < 4) return false;
  return catalogue.images.some((image) => {
    const official = image.name.startsWith('docker.io/library/') ? image.name.slice('docker.io/library/'.length) : undefined;
    return official !== undefined && official !== written && editDistance(official, written) <= 2;
  });
}

/** Levenshtein distance, for spotting misspelt image names. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
