import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, goQuote, parseImageReference } from '#core/container-runtime/image-reference.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function normalized(image: string): string {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(parsed.invalid.message);
  return parsed.reference.normalized;
}

function invalid(image: string): string {
  const parsed = parseImageReference(image);
  if (parsed.ok) throw new Error(`${image} parsed as ${parsed.reference.normalized}`);
  return parsed.invalid.message;
}

describe('image references, parsed as the kubelet parses them', () => {
  it('normalizes familiar Docker Hub names to docker.io/library and the latest tag', () => {
    expect(normalized('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalized('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalized('bitnami/redis:7.2')).toBe('docker.io/bitnami/redis:7.2');
    expect(normalized('index.docker.io/library/nginx:1.27')).toBe('docker.io/library/nginx:1.27');
  });

  it('keeps other registries, ports and localhost as hosts', () => {
    expect(normalized('ghcr.io/org/app:v1')).toBe('ghcr.io/org/app:v1');
    expect(normalized('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalized('registry:5000/team/app:2')).toBe('registry:5000/team/app:2');
  });

  it('treats a first component that is no valid host as part of the path', () => {
    expect(normalized('my_registry.com/x')).toBe('my_registry.com/x:latest');
  });

  it('pulls a reference with both tag and digest by its digest alone', () => {
    const parsed = parseImageReference(`nginx:1.27@${DIGEST}`);
    expect(parsed.ok && parsed.reference.dockerRef).toBe(`docker.io/library/nginx@${DIGEST}`);
    const digestOnly = parseImageReference(`nginx@${DIGEST}`);
    expect(digestOnly.ok && digestOnly.reference.tag).toBeUndefined();
  });

  it('refuses bad syntax with the InvalidImageName message, word for word', () => {
    expect(invalid('nginx:')).toBe('Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format');
    expect(invalid('nginx latest')).toBe('Failed to apply default image tag "nginx latest": couldn\'t parse image name "nginx latest": invalid reference format');
    expect(invalid('NGINX')).toBe(
      'Failed to apply default image tag "NGINX": couldn\'t parse image name "NGINX": invalid reference format: repository name (library/NGINX) must be lowercase',
    );
    expect(invalid('a'.repeat(64))).toContain('cannot specify 64-byte hexadecimal strings');
    expect(invalid(`nginx@sha256:${'a'.repeat(31)}`)).toMatch(/: invalid reference format$/);
    expect(invalid(`nginx@sha256:${'a'.repeat(63)}`)).toMatch(/: invalid checksum digest length$/);
    expect(invalid(`nginx@sha512:${'a'.repeat(64)}`)).toMatch(/: invalid checksum digest length$/);
  });

  it('gives the reason InvalidImageName and the parser error on its own', () => {
    const parsed = parseImageReference('nginx:');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.invalid).toMatchObject({ reason: 'InvalidImageName', error: 'invalid reference format' });
  });

  it('defaults the pull policy as the API server does: Always for latest or no tag', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultPullPolicy(`nginx@${DIGEST}`)).toBe('IfNotPresent');
  });

  it("quotes like Go's %q", () => {
    expect(goQuote('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(goQuote('tab\there\u0001')).toBe('"tab\\there\\x01"');
  });
});
