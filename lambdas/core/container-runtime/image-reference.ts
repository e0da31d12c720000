/**
 * Image references, parsed exactly as the kubelet does before it asks containerd for an image:
 * `reference.ParseNormalizedNamed` of github.com/distribution/reference (with go-digest v1.0.0's
 * digest checks), wrapped in the kubelet's own messages. A name that does not parse leaves the
 * container waiting with reason InvalidImageName and the message built here, word for word.
 */

/** A parsed image reference. */
export interface ImageReference {
  /** The image string as written in the pod spec; kubelet events quote this one. */
  readonly raw: string;
  /** Registry host (and port): `docker.io`, `ghcr.io`, `localhost:5000`. */
  readonly registry: string;
  /** Path inside the registry: `library/nginx`, `org/app`. */
  readonly repository: string;
  /** `registry/repository`, e.g. `docker.io/library/nginx`. */
  readonly name: string;
  /** The tag; `latest` when neither a tag nor a digest is written, none for a digest-only reference. */
  readonly tag: string | undefined;
  /** True when the tag was written rather than defaulted. */
  readonly tagWritten: boolean;
  readonly digest: string | undefined;
  /** Fully qualified: `docker.io/library/nginx:latest`, `…@sha256:…`, or both. */
  readonly normalized: string;
  /** What containerd pulls and names in its errors: the digest alone when both are given. */
  readonly dockerRef: string;
}

/** The kubelet's verdict on an unparseable image (reason InvalidImageName). */
export interface InvalidImageName {
  readonly reason: 'InvalidImageName';
  /** The parser's own error, e.g. `invalid reference format`. */
  readonly error: string;
  /** The container's waiting message and the InspectFailed event message. */
  readonly message: string;
}

/** A parse result: the reference, or why it is not one. */
export type ParseImageResult =
  | { readonly ok: true; readonly reference: ImageReference }
  | { readonly ok: false; readonly invalid: InvalidImageName };

// The grammar of distribution/reference's regexp.go, translated from RE2 to JavaScript.
const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

// go-digest v1.0.0 (vendored by the kubelet): the algorithms linked in, and its own checks.
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
const GO_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const MAX_PATH_LENGTH = 255;

/** Parses `image` as the kubelet does, normalizing familiar names (`nginx` -> `docker.io/library/nginx:latest`). */
export function parseImageReference(image: string): ParseImageResult {
  const parsed = parseNormalizedNamed(image);
  if (typeof parsed === 'string') {
    const error = `couldn't parse image name ${goQuote(image)}: ${parsed}`;
    return { ok: false, invalid: { reason: 'InvalidImageName', error: parsed, message: `Failed to apply default image tag ${goQuote(image)}: ${error}` } };
  }
  const { registry, repository, writtenTag, digest } = parsed;
  // A first component that is not a valid host (`my_registry.com/x`) is part of the path: no domain at all.
  const name = registry ? `${registry}/${repository}` : repository;
  const tag = writtenTag ?? (digest ? undefined : 'latest');
  const normalized = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const dockerRef = digest ? `${name}@${digest}` : normalized;
  return {
    ok: true,
    reference: { raw: image, registry, repository, name, tag, tagWritten: writtenTag !== undefined, digest, normalized, dockerRef },
  };
}

/** The pull policy the API server fills in when a container gives none: Always for `latest` (or no tag), else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const parsed = parseImageReference(image);
  return parsed.ok && parsed.reference.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

interface Parsed {
  readonly registry: string;
  readonly repository: string;
  readonly writtenTag: string | undefined;
  readonly digest: string | undefined;
}

/** ParseNormalizedNamed: the parts, or the error text. */
function parseNormalizedNamed(s: string): Parsed | string {
  if (IDENTIFIER.test(s)) return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  const [domain, remainder] = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  return parse(`${domain}/${remainder}`);
}

/** splitDockerDomain: which part of a familiar name is a registry, and the library/ prefix for official images. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return ['docker.io', `library/${name}`];
  const maybeDomain = name.slice(0, slash);
  const maybeRemote = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === 'localhost') [domain, remote] = [maybeDomain, maybeRemote];
  else if (maybeDomain === 'index.docker.io') [domain, remote] = ['docker.io', maybeRemote];
  // A dot or a colon makes it a host (example.com, 127.0.0.1, registry:5000); so does uppercase,
  // which a namespace may not contain.
  else if (/[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) [domain, remote] = [maybeDomain, maybeRemote];
  else [domain, remote] = ['docker.io', name];
  if (domain === 'docker.io' && !remote.includes('/')) remote = `library/${remote}`;
  return [domain, remote];
}

/** reference.Parse of an already-qualified string. */
function parse(s: string): Parsed | string {
  const match = REFERENCE.exec(s);
  if (!match) {
    const lower = s.toLowerCase();
    return lower !== s && REFERENCE.test(lower) ? 'repository name must be lowercase' : 'invalid reference format';
  }
  const nameMatch = ANCHORED_NAME.exec(match[1] ?? '');
  const registry = nameMatch?.[1] ?? '';
  const repository = nameMatch?.[2] ?? match[1] ?? '';
  if (repository.length > MAX_PATH_LENGTH) return `repository name must not be more than ${MAX_PATH_LENGTH} characters`;
  const digest = match[3];
  if (digest !== undefined) {
    const digestError = validateDigest(digest);
    if (digestError) return digestError;
  }
  return { registry, repository, writtenTag: match[2], digest };
}

/** go-digest v1.0.0's Digest.Validate for the algorithms the kubelet links in. */
function validateDigest(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return GO_DIGEST.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  if (encoded.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format';
}

/** Go's %q for the strings the kubelet quotes: backslash-escapes quotes, backslashes and control characters. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
