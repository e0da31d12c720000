/**
 * Which tags an image publishes, by the rule its registry follows rather than a list of every
 * tag: each release (`1.16.0`) under its full version, each release line (`1.16`, `1`) under its
 * newest release, and the variants (`-alpine`, `-slim`) the image builds for that version. A
 * tag that follows the scheme up to the newest release pulls; anything else (`1.161`, `99`) is
 * "not found", as on Docker Hub.
 */
import type { VersionScheme } from './catalogue.ts';

/** A version as numbers: `1.21.6` is [1, 21, 6]. */
export type Version = readonly number[];

/** A tag read against a scheme: the release it names and the variant suffix (empty for none). */
export interface SchemeTag {
  /** The full version of the release the tag names (`1.21.6` for `1.21-alpine`). */
  readonly version: string;
  readonly variant: string;
  /** The release's own tag, `1.21.6-alpine`: every tag naming this build shares its digest. */
  readonly canonical: string;
}

interface ParsedScheme {
  /** Every published release, oldest first. */
  readonly releases: readonly Version[];
  /** Each variant's first versions: one per release line where it began mid-line, else the oldest. */
  readonly variants: ReadonlyMap<string, readonly Version[]>;
}

const PARSED = new WeakMap<VersionScheme, ParsedScheme>();
const NUMBER = '(?:0|[1-9][0-9]*)';
const TAG = new RegExp(`^(${NUMBER}(?:\\.${NUMBER})*)(?:-([a-z][a-z0-9.-]*))?$`);

/** `1.21.6` as [1, 21, 6]. */
export function parseVersion(text: string): Version {
  return text.split('.').map(Number);
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b` (missing parts count as 0). */
export function compareVersions(a: Version | string, b: Version | string): number {
  const x = typeof a === 'string' ? parseVersion(a) : a;
  const y = typeof b === 'string' ? parseVersion(b) : b;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The release `tag` names under `scheme`, or undefined when the registry has no such tag. */
export function readSchemeTag(scheme: VersionScheme, tag: string): SchemeTag | undefined {
  const match = TAG.exec(tag);
  if (!match) return undefined;
  const written = parseVersion(match[1] ?? '');
  const variant = match[2] ?? '';
  const parsed = parsedScheme(scheme);
  const since = variant === '' ? [] : parsed.variants.get(variant);
  if (since === undefined) return undefined;
  const depth = parsed.releases[0]?.length ?? 0;
  if (written.length > depth || (written.length < depth && !(scheme.shortTags ?? true))) return undefined;
  // A full version names that release; a shorter one its line's newest release with the variant.
  for (let i = parsed.releases.length - 1; i >= 0; i--) {
    const release = parsed.releases[i] ?? [];
    if (!written.every((part, k) => release[k] === part) || !variantPublished(since, release)) continue;
    const version = release.join('.');
    return { version, variant, canonical: variant === '' ? version : `${version}-${variant}` };
  }
  return undefined;
}

/** Every release's own tag (`1.16.0`, `1.16.0-alpine`, ...): what a digest can name. */
export function schemeTags(scheme: VersionScheme): string[] {
  const parsed = parsedScheme(scheme);
  const tags: string[] = [];
  for (const release of parsed.releases) {
    const version = release.join('.');
    tags.push(version);
    for (const [variant, since] of parsed.variants) if (variant !== '' && variantPublished(since, release)) tags.push(`${version}-${variant}`);
  }
  return tags;
}

/** The newest release: a tag beyond it does not exist yet. */
export function newestRelease(scheme: VersionScheme): string {
  const releases = parsedScheme(scheme).releases;
  return (releases[releases.length - 1] ?? []).join('.');
}

/** A variant is built from its first version on; where it began mid-line, from that release of the line. */
function variantPublished(since: readonly Version[], release: Version): boolean {
  if (since.length === 0) return true;
  const line = release.slice(0, -1);
  const sameLine = since.find((first) => compareVersions(first.slice(0, -1), line) === 0 && first.length === release.length);
  if (sameLine) return compareVersions(release, sameLine) >= 0;
  return since.every((first) => compareVersions(release, first) > 0);
}

function parsedScheme(scheme: VersionScheme): ParsedScheme {
  const known = PARSED.get(scheme);
  if (known) return known;
  const releases: Version[] = [];
  for (const run of scheme.releases.split(/\s+/).filter(Boolean)) releases.push(...expandRun(run));
  releases.sort(compareVersions);
  const variants = new Map<string, readonly Version[]>([['', []]]);
  for (const [variant, firsts] of Object.entries(scheme.variants ?? {})) variants.set(variant, firsts.split(/\s+/).filter(Boolean).map(parseVersion));
  const parsed = { releases, variants };
  PARSED.set(scheme, parsed);
  return parsed;
}

/** `1.21.0-6` is 1.21.0 to 1.21.6; `2.4.41-63!42!44` leaves out 2.4.42 and 2.4.44; `1.18.0` is one release. */
function expandRun(run: string): Version[] {
  const [range = '', ...gaps] = run.split('!');
  const [first = '', last] = range.split('-');
  const start = parseVersion(first);
  const line = start.slice(0, -1);
  const from = start[start.length - 1] ?? 0;
  const to = last === undefined ? from : Number(last);
  const skipped = new Set(gaps.map(Number));
  const versions: Version[] = [];
  for (let n = from; n <= to; n++) if (!skipped.has(n)) versions.push([...line, n]);
  return versions;
}
