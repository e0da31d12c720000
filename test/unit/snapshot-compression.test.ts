/**
 * The store's compression: brotli after a dictionary of a typical cluster's text. What it writes
 * must read back exactly, cost far fewer bytes than plain brotli for a learner's cluster, and stay
 * readable for as long as items written with it exist.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotJson } from '#adapters/dynamo/cluster-store.ts';
import { PLAIN_BROTLI, UnknownEncodingError, WRITE_DICTIONARY, compressDictionary, compressText, decompressText } from '#adapters/dynamo/snapshot-compression.ts';
import DICTIONARIES from '#adapters/dynamo/snapshot-dictionary.data.json' with { type: 'json' };
import { Cluster } from '#core/cluster.ts';

const plain = (text: string) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } });

describe('snapshot compression', () => {
  it("stores a new learner's cluster in under half of plain brotli's bytes, and reads it back exactly", async () => {
    const text = snapshotJson(Cluster.create({ id: 'cl-other', name: 'someone', now: Date.parse('2026-12-08T08:00:00Z'), seed: 99 }).toSnapshot());
    const stored = await compressText(text, 5);
    expect(stored.encoding).toBe(`${PLAIN_BROTLI}+${WRITE_DICTIONARY}`);
    expect(stored.bytes.byteLength).toBeLessThan(plain(text).byteLength * 0.5);
    expect(await decompressText(stored.bytes, stored.encoding)).toBe(text);
  });

  it('reads back any text exactly, at the stored quality and at others', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 3000 }), fc.constantFrom(1, 5), async (text, quality) => {
        const stored = await compressText(text, quality);
        expect(stored.encoding).toBe(quality === 5 ? 'br+d1' : 'br');
        expect(await decompressText(stored.bytes, stored.encoding)).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  it("has this brotli compress each dictionary's text to the bytes readers put in front of items", async () => {
    // If a Node upgrade changed brotli's output, writes would fall back to plain brotli (still
    // readable, but the bytes of the dictionary lost): this says so before it ships.
    for (const [id, entry] of Object.entries(DICTIONARIES)) {
      const text = brotliDecompressSync(Buffer.from(entry.compressed, 'base64'), { finishFlush: constants.BROTLI_OPERATION_FLUSH });
      expect(text.byteLength, id).toBe(entry.length);
      expect((await compressDictionary(text.toString('utf8'))).toString('base64'), id).toBe(entry.compressed);
    }
  });

  it('reads the plain brotli and gzip of items written before dictionaries, and refuses an encoding it does not know', async () => {
    const text = JSON.stringify({ kind: 'Pod', metadata: { name: 'web' } });
    expect(await decompressText(plain(text), 'br')).toBe(text);
    const { gzipSync } = await import('node:zlib');
    expect(await decompressText(gzipSync(text), undefined)).toBe(text);
    await expect(decompressText(plain(text), 'br+d9')).rejects.toBeInstanceOf(UnknownEncodingError);
    await expect(decompressText(plain(text), 'zstd')).rejects.toThrow('an encoding this Kubelab cannot read: "zstd"');
  });
});
