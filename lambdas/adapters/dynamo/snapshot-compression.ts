/**
 * How the cluster store compresses what it writes (bases and edits): brotli, primed with a
 * dictionary. Every learner's cluster repeats most of its text — the field names, the system
 * objects every cluster starts with, the wording of events — so the compressor first reads a
 * typical cluster's text (the dictionary, bin/snapshot-dictionary.ts), flushes, and then reads the
 * snapshot, which it can then write as references into the dictionary. The item stores only what
 * came after the flush; a reader puts the dictionary's compressed form back in front of it,
 * decompresses the whole and drops the dictionary's text. A lab's cluster stores in less than half
 * the bytes, and DynamoDB charges a write unit per KB of every save (docs/BENCHMARKS.md, "What a
 * workshop costs").
 *
 * That works only if this process's brotli compresses the dictionary to exactly the bytes readers
 * put in front: the same brotli at the same settings does, and each compression checks it, falling
 * back to plain brotli (`br`) if not (another brotli version), so nothing is ever stored that a
 * reader could not read. Items name what they were written with in their `encoding` attribute:
 * `br+d1` (brotli primed with dictionary d1), `br` (plain brotli) or none (gzip, the oldest).
 * Dictionaries are never changed once written with, only added (snapshot-dictionary.data.json,
 * copied beside the bundles and imported on first use).
 */
import { brotliCompressSync, brotliDecompressSync, constants, createBrotliCompress, gunzipSync } from 'node:zlib';

/** Plain brotli: items written before dictionaries, and writes at another quality. */
export const PLAIN_BROTLI = 'br';

/** The dictionary the store writes with. */
export const WRITE_DICTIONARY = 'd1';

/** The quality a dictionary was compressed at, and the one primed writes use (the store's SNAPSHOT_QUALITY). */
export const DICTIONARY_QUALITY = 5;

/** A dictionary as its file keeps it: its text's byte length and the text compressed as a primed write begins. */
export interface DictionaryEntry {
  readonly quality: number;
  readonly length: number;
  /** base64 */
  readonly compressed: string;
}

/** The dictionaries by id (`d1`). */
export type DictionaryFile = Record<string, DictionaryEntry>;

interface Dictionary {
  readonly id: string;
  readonly length: number;
  readonly compressed: Buffer;
  /** The text, decompressed on the first write. */
  text?: Buffer;
  /** This process's brotli does not compress the text to `compressed`: write plain brotli. */
  unusable?: boolean;
}

let loading: Promise<ReadonlyMap<string, Dictionary>> | undefined;

function dictionaries(): Promise<ReadonlyMap<string, Dictionary>> {
  loading ??= import('./snapshot-dictionary.data.json', { with: { type: 'json' } }).then(
    (module) => new Map(Object.entries(module.default as DictionaryFile).map(([id, entry]) => [id, { id, length: entry.length, compressed: Buffer.from(entry.compressed, 'base64') }])),
  );
  return loading;
}

/** The brotli settings of a primed write: nothing that depends on the text, so the dictionary's part is the same every time. */
function primedParams(): Record<number, number> {
  return { [constants.BROTLI_PARAM_QUALITY]: DICTIONARY_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT };
}

/** The dictionary's text compressed as a primed write begins: what its file keeps (bin/snapshot-dictionary.ts). */
export async function compressDictionary(text: string): Promise<Buffer> {
  return (await primed(Buffer.from(text, 'utf8'), '')).head;
}

/** `text` compressed after `dictionary`: the part up to the flush, and the part after it. */
function primed(dictionary: Buffer, text: string): Promise<{ readonly head: Buffer; readonly tail: Buffer }> {
  return new Promise((resolve, reject) => {
    const stream = createBrotliCompress({ params: primedParams() });
    const chunks: Buffer[] = [];
    let head: Buffer | undefined;
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve({ head: head ?? Buffer.alloc(0), tail: Buffer.concat(chunks) }));
    stream.write(dictionary);
    stream.flush(constants.BROTLI_OPERATION_FLUSH, () => {
      head = Buffer.concat(chunks);
      chunks.length = 0;
      stream.end(text);
    });
  });
}

/** What a write stores: the bytes and the `encoding` attribute that says how to read them. */
export interface Compressed {
  readonly bytes: Buffer;
  readonly encoding: string;
}

/** `text` as the store writes it: primed with WRITE_DICTIONARY at DICTIONARY_QUALITY, plain brotli otherwise. */
export async function compressText(text: string, quality: number): Promise<Compressed> {
  if (quality === DICTIONARY_QUALITY) {
    const dictionary = (await dictionaries()).get(WRITE_DICTIONARY);
    if (dictionary && !dictionary.unusable) {
      // The compressed form ends at the flush, not at the end of a stream.
      dictionary.text ??= brotliDecompressSync(dictionary.compressed, { finishFlush: constants.BROTLI_OPERATION_FLUSH });
      const { head, tail } = await primed(dictionary.text, text);
      if (head.equals(dictionary.compressed)) return { bytes: tail, encoding: `${PLAIN_BROTLI}+${dictionary.id}` };
      // Another brotli: what it wrote after the flush would not follow the bytes readers put in front.
      dictionary.unusable = true;
    }
  }
  return {
    bytes: brotliCompressSync(text, {
      params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text) },
    }),
    encoding: PLAIN_BROTLI,
  };
}

/** Thrown for an item whose `encoding` this code cannot read (written by a newer Kubelab). */
export class UnknownEncodingError extends Error {
  override readonly name = 'UnknownEncodingError';
}

/** The text of stored bytes, read as their `encoding` attribute says (absent: gzip). */
export async function decompressText(bytes: Uint8Array, encoding: unknown): Promise<string> {
  if (encoding === PLAIN_BROTLI) return brotliDecompressSync(bytes).toString('utf8');
  if (encoding === undefined) return gunzipSync(bytes).toString('utf8');
  const id = typeof encoding === 'string' && encoding.startsWith(`${PLAIN_BROTLI}+`) ? encoding.slice(PLAIN_BROTLI.length + 1) : undefined;
  const dictionary = id === undefined ? undefined : (await dictionaries()).get(id);
  if (!dictionary) throw new UnknownEncodingError(`a stored cluster is in an encoding this Kubelab cannot read: ${JSON.stringify(encoding)}`);
  return brotliDecompressSync(Buffer.concat([dictionary.compressed, bytes])).subarray(dictionary.length).toString('utf8');
}
