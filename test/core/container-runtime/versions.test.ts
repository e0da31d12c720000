import { describe, expect, it } from 'vitest';
import { buildDigest, findBuild } from '#core/container-runtime/builds.ts';
import { BUILT_IN_CATALOGUE, findImage, type CatalogueImage } from '#core/container-runtime/catalogue.ts';
import { parseImageReference } from '#core/container-runtime/image-reference.ts';
import { resolveImage, type ResolvedImage } from '#core/container-runtime/registry.ts';
import { compareVersions, newestRelease, readSchemeTag } from '#core/container-runtime/versions.ts';

function resolve(image: string) {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(parsed.invalid.message);
  return resolveImage(BUILT_IN_CATALOGUE, parsed.reference);
}

function pulled(image: string): ResolvedImage {
  const result = resolve(image);
  if (!result.ok) throw new Error(`${image}: ${result.failure.error}`);
  return result.resolved;
}

function catalogueImage(name: string): CatalogueImage {
  const image = findImage(BUILT_IN_CATALOGUE, name);
  if (!image) throw new Error(`no ${name}`);
  return image;
}

describe('tags that follow an image\'s version scheme', () => {
  it.each([
    ['nginx:1.16.0', '1.16.0'],
    ['nginx:1.21.6-alpine', '1.21.6'],
    ['redis:7.2.5', '7.2.5'],
    ['python:3.11-slim', '3.11.13'],
    ['busybox:1.36.1', '1.36.1'],
    ['httpd:2.4.58', '2.4.58'],
    ['node:20-alpine', '20.19.2'],
  ])('pull %s, a real tag, as release %s', (image, version) => {
    const resolved = pulled(image);
    expect(resolved.generic).toBe(false);
    expect(resolved.build.version).toBe(version);
    expect(resolved.sizeBytes).toBeGreaterThan(0);
  });

  it.each(['nginx:1.161', 'nginx:doesnotexist', 'redis:99', 'nginx:1.29.1', 'nginx:1.30', 'nginx:2', 'redis:8.0.3', 'python:3.14', 'nginx:01.16.0'])(
    'answer %s, a tag no release has, with "not found"',
    (image) => {
      const result = resolve(image);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.failure.error).toMatch(/: not found$/);
    },
  );

  it('publish variants only where the image builds them', () => {
    expect(resolve('busybox:1.36.1-alpine').ok).toBe(false);
    expect(resolve('httpd:2.4.58-slim').ok).toBe(false);
    expect(resolve('nginx:1.16.0-bookworm').ok).toBe(false); // the Debian base was buster then
    expect(resolve('nginx:1.25.1-bookworm').ok).toBe(true);
    expect(resolve('python:3.8.16-bookworm').ok).toBe(false);
    expect(resolve('python:3.8.17-bookworm').ok).toBe(true);
    expect(resolve('busybox:1.36.1-glibc').ok).toBe(true);
  });

  it('leave out the numbers a project never released', () => {
    expect(resolve('httpd:2.4.42').ok).toBe(false);
    expect(resolve('httpd:2.4.43').ok).toBe(true);
  });

  it('give a line\'s short tag its newest release, digest for digest', () => {
    expect(pulled('nginx:1.21-alpine').digest).toBe(pulled('nginx:1.21.6-alpine').digest);
    expect(pulled('redis:7.2').build.version).toBe('7.2.9');
    expect(pulled('postgres:16').build.version).toBe('16.9');
    expect(pulled('nginx:1.16.0').digest).not.toBe(pulled('nginx:1.16.1').digest);
  });

  it('derive sizes and digests from the reference alone, so every pull of a tag is the same', () => {
    const first = pulled('nginx:1.16.0');
    const again = pulled('docker.io/library/nginx:1.16.0');
    expect(again.digest).toBe(first.digest);
    expect(again.sizeBytes).toBe(first.sizeBytes);
    expect(first.sizeBytes).toBeGreaterThan(40_000_000);
    expect(first.sizeBytes).toBeLessThan(55_000_000);
    expect(pulled(`nginx@${first.digest}`).build.version).toBe('1.16.0');
  });

  it('agree with the named builds: each one\'s first tag is the release its tags name', () => {
    for (const image of BUILT_IN_CATALOGUE.images) {
      if (!image.versions) continue;
      for (const build of image.builds) {
        const read = readSchemeTag(image.versions, build.tags[0] ?? '');
        expect(read?.canonical, `${image.name}:${build.tags[0]}`).toBe(build.tags[0]);
        expect(read?.version).toBe(build.version);
        for (const tag of build.tags) {
          const alias = readSchemeTag(image.versions, tag);
          if (alias) expect(findBuild(image, alias.canonical), `${image.name}:${tag}`).toBe(build);
        }
      }
      const newest = image.builds.map((build) => build.version ?? '').sort(compareVersions).pop();
      expect(newestRelease(image.versions), image.name).toBe(newest);
    }
  });

  it('keep a named build\'s digest for its scheme tags', () => {
    const nginx = catalogueImage('docker.io/library/nginx');
    const named = findBuild(nginx, '1.27');
    expect(named && buildDigest(nginx, named)).toBe(pulled('nginx:1.27.5').digest);
  });
});
