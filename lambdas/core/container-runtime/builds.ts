/**
 * Which build of a catalogue image a tag or a digest names, and what follows from the build:
 * its digest, its ENTRYPOINT (older releases of some images had another) and what its server
 * answers. A tag outside the named builds is read against the image's version scheme, and the
 * release it names gets a size and a digest derived from the reference alone.
 */
import type { CatalogueImage, ImageBuild } from './catalogue.ts';
import { fakeDigest, fnv1a32 } from './hash.ts';
import { compareVersions, parseVersion, readSchemeTag, schemeTags } from './versions.ts';

/** The build published under `tag`, if any: a named build, or the release the image's version scheme gives the tag. */
export function findBuild(image: CatalogueImage, tag: string): ImageBuild | undefined {
  const named = image.builds.find((candidate) => candidate.tags.includes(tag));
  if (named || !image.versions) return named;
  const read = readSchemeTag(image.versions, tag);
  if (!read) return undefined;
  return image.builds.find((candidate) => candidate.tags[0] === read.canonical) ?? schemeBuild(image, read.canonical, read.version, read.variant);
}

/** The build whose digest is `digest`, if any: a named build, or any release the version scheme publishes. */
export function findBuildByDigest(image: CatalogueImage, digest: string): ImageBuild | undefined {
  const named = image.builds.find((candidate) => buildDigest(image, candidate) === digest);
  if (named || !image.versions) return named;
  const tag = schemeDigests(image).get(digest);
  return tag === undefined ? undefined : findBuild(image, tag);
}

/** The ENTRYPOINT `imageBuild` was built with (older builds of some images had another). */
export function buildEntrypoint(image: CatalogueImage, imageBuild: ImageBuild | undefined): readonly string[] {
  const before = image.entrypointBefore;
  if (!before || imageBuild?.version === undefined) return image.entrypoint;
  return compareVersions(imageBuild.version, before.version) < 0 ? before.entrypoint : image.entrypoint;
}

/** The body the image's server answers a GET with for a container named `hostname`, when the catalogue knows it. */
export function servedBody(image: CatalogueImage, imageBuild: ImageBuild | undefined, hostname: string): string | undefined {
  return image.httpBody?.replaceAll('{hostname}', hostname).replaceAll('{version}', imageBuild?.version ?? '');
}

// Releases the scheme gives, built once per tag: the kubelet asks for the same few again and again.
const SCHEME_BUILDS = new WeakMap<CatalogueImage, Map<string, ImageBuild>>();
const SCHEME_DIGESTS = new WeakMap<CatalogueImage, Map<string, string>>();

/**
 * A release outside the named builds: its size is the nearest named build's of the same variant
 * (older releases a little smaller), varied by a hash of the tag so each release has its own.
 */
function schemeBuild(image: CatalogueImage, canonical: string, version: string, variant: string): ImageBuild {
  const builds = SCHEME_BUILDS.get(image) ?? new Map<string, ImageBuild>();
  SCHEME_BUILDS.set(image, builds);
  const known = builds.get(canonical);
  if (known) return known;
  const variantOf = (candidate: ImageBuild) => (candidate.tags[0] ?? '').replace(/^[0-9.]+-?/, '');
  const sized = image.builds.filter((candidate) => candidate.version !== undefined);
  const sameVariant = sized.filter((candidate) => variantOf(candidate) === variant);
  const pool = sameVariant.length > 0 ? sameVariant : sized.filter((candidate) => variantOf(candidate) === '');
  const distance = (candidate: ImageBuild) => versionDistance(candidate.version ?? '', version);
  const nearest = pool.reduce<ImageBuild | undefined>((best, candidate) => (best === undefined || distance(candidate) < distance(best) ? candidate : best), undefined);
  const base = nearest?.sizeBytes ?? 50_000_000;
  const older = nearest?.version !== undefined && compareVersions(version, nearest.version) < 0;
  const factor = (older ? 0.9 : 0.97) + (fnv1a32(`${image.name}:${canonical}`) % 600) / 10_000;
  const created: ImageBuild = { tags: [canonical], sizeBytes: Math.round(base * factor), version };
  builds.set(canonical, created);
  return created;
}

function schemeDigests(image: CatalogueImage): Map<string, string> {
  const known = SCHEME_DIGESTS.get(image);
  if (known) return known;
  const digests = new Map<string, string>();
  for (const tag of image.versions ? schemeTags(image.versions) : []) digests.set(fakeDigest(`${image.name}:${tag}`), tag);
  SCHEME_DIGESTS.set(image, digests);
  return digests;
}

/** How far apart two releases are, weighting the leading parts most: `1.16.0` is nearer `1.16.1` than `1.17.0`. */
function versionDistance(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  let distance = 0;
  for (let i = 0; i < Math.max(x.length, y.length); i++) distance = distance * 1000 + Math.abs((x[i] ?? 0) - (y[i] ?? 0));
  return distance;
}

// Digests are pure functions of a build; every pull asks for one, so each is computed once.
const DIGESTS = new WeakMap<ImageBuild, string>();

/** A build's repo digest: derived from the canonical name and its first tag, so mirrors and sibling tags share it. */
export function buildDigest(image: CatalogueImage, imageBuild: ImageBuild): string {
  const known = DIGESTS.get(imageBuild);
  if (known !== undefined) return known;
  const digest = fakeDigest(`${image.name}:${imageBuild.tags[0] ?? ''}`);
  DIGESTS.set(imageBuild, digest);
  return digest;
}
