import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGUE } from '#core/container-runtime/catalogue.ts';

const docs = readFileSync(new URL('../../../docs/IMAGES.md', import.meta.url), 'utf8');

describe('docs/IMAGES.md', () => {
  it('lists every catalogue image with every one of its tags', () => {
    for (const image of BUILT_IN_CATALOGUE.images) {
      const short = image.name.replace('docker.io/library/', '').replace('docker.io/', '');
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${short}\` |`));
      expect(row, short).toBeDefined();
      for (const build of image.builds) for (const tag of build.tags) expect(row, `${short}:${tag}`).toContain(`\`${tag}\``);
    }
  });
});
