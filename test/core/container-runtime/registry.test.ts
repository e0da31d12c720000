import { describe, expect, it } from 'vitest';
import { buildDigest, findBuild } from '#core/container-runtime/builds.ts';
import { BUILT_IN_CATALOGUE, findImage } from '#core/container-runtime/catalogue.ts';
import { parseImageReference } from '#core/container-runtime/image-reference.ts';
import { editDistance, resolveImage, type ResolveOptions } from '#core/container-runtime/registry.ts';

function resolve(image: string, options: ResolveOptions = {}) {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(parsed.invalid.message);
  return resolveImage(BUILT_IN_CATALOGUE, parsed.reference, options);
}

function failure(image: string, options: ResolveOptions = {}): string {
  const result = resolve(image, options);
  if (result.ok) throw new Error(`${image} resolved`);
  return `${result.failure.code}: ${result.failure.error}`;
}

describe('the simulated registries', () => {
  it('know the catalogue images by their real tags, with their compressed sizes', () => {
    const nginx = resolve('nginx:1.27');
    expect(nginx.ok && nginx.resolved).toMatchObject({ sizeBytes: 72_186_563, generic: false });
    const alpine = resolve('nginx:1.27-alpine');
    expect(alpine.ok && alpine.resolved.sizeBytes).toBe(20_896_201);
    expect(resolve('redis:7').ok).toBe(true);
    expect(resolve('busybox').ok).toBe(true);
  });

  it('give sibling tags of one build the same digest, and mirrors the same content', () => {
    const a = resolve('nginx:1.29');
    const b = resolve('nginx:latest');
    const mirror = resolve('public.ecr.aws/nginx/nginx:1.29');
    expect(a.ok && b.ok && mirror.ok).toBe(true);
    if (a.ok && b.ok && mirror.ok) {
      expect(a.resolved.digest).toBe(b.resolved.digest);
      expect(mirror.resolved.digest).toBe(a.resolved.digest);
      expect(a.resolved.imageID).toBe(`docker.io/library/nginx@${a.resolved.digest}`);
    }
  });

  it('resolve a pinned digest to its build, and refuse an unknown digest', () => {
    const image = findImage(BUILT_IN_CATALOGUE, 'docker.io/library/nginx');
    const build = image && findBuild(image, '1.27');
    const digest = image && build ? buildDigest(image, build) : '';
    const pinned = resolve(`nginx@${digest}`);
    expect(pinned.ok && pinned.resolved.sizeBytes).toBe(72_186_563);
    expect(failure(`nginx@sha256:${'0'.repeat(64)}`)).toMatch(/^NotFound: .*: not found$/);
  });

  it('answer an unknown tag of a known image with containerd\'s "not found"', () => {
    expect(failure('nginx:doesnotexist')).toBe(
      'NotFound: failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    );
  });

  it('answer a misspelt official image as Docker Hub does: pull access denied', () => {
    expect(failure('ngnix')).toBe(
      'Unknown: failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it('fail the reserved forms an exercise can use', () => {
    expect(failure('registry.invalid/app:1')).toContain('dial tcp: lookup registry.invalid on 10.0.0.2:53: no such host');
    expect(failure('docker.io/acme/does-not-exist:1')).toContain('pull access denied');
    expect(failure('quay.io/acme/does-not-exist:1')).toBe(
      'NotFound: failed to pull and unpack image "quay.io/acme/does-not-exist:1": failed to resolve reference "quay.io/acme/does-not-exist:1": quay.io/acme/does-not-exist:1: not found',
    );
    expect(failure('ghcr.io/acme/private-app:1')).toContain('401 Unauthorized');
  });

  it('let private images pull with a pull secret', () => {
    expect(resolve('ghcr.io/acme/private-app:1', { withPullSecret: true }).ok).toBe(true);
  });

  it("break an instructor's broken images, every tag when written without one", () => {
    expect(failure('nginx:1.27', { brokenImages: ['nginx'] })).toMatch(/: not found$/);
    expect(failure('nginx:1.27', { brokenImages: ['docker.io/library/nginx:1.27'] })).toMatch(/: not found$/);
    expect(resolve('nginx:1.26', { brokenImages: ['nginx:1.27'] }).ok).toBe(true);
  });

  it("resolve a learner's own image to a stable generic server", () => {
    const first = resolve('myorg/myapp:1.0');
    const again = resolve('myorg/myapp:1.0');
    expect(first.ok && first.resolved.generic).toBe(true);
    expect(first).toEqual(again);
    if (first.ok) expect(first.resolved.sizeBytes).toBeGreaterThan(25_000_000);
  });

  it('measures edit distance for misspellings', () => {
    expect(editDistance('nginx', 'ngnix')).toBe(2);
    expect(editDistance('redis', 'redis')).toBe(0);
  });
});
