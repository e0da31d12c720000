/**
 * Writes a new dictionary of the stored form of clusters (lambdas/adapters/dynamo/snapshot-compression.ts):
 * the text of a typical learner's cluster — the seed's lab applied, its pods pulled and started,
 * scaled, a pod deleted — which the store's brotli stream reads before each snapshot and edit it
 * compresses, so what every cluster repeats (field names, the system objects, events' wording)
 * costs a reference instead of its bytes.
 *
 *   npx tsx bin/snapshot-dictionary.ts d2
 *
 * A dictionary is never changed once items were written with it: a reader needs it to read them.
 * This adds one under a new id and leaves the others; the store writes with the newest
 * (`WRITE_DICTIONARY`) and reads with any. The one run for d1: `npx tsx bin/snapshot-dictionary.ts d1`
 * on 2026-12-08 (its text is whatever this script built then; the file, not the script, is the
 * dictionary).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { snapshotJson } from '#adapters/dynamo/cluster-store.ts';
import { DICTIONARY_QUALITY, type DictionaryFile, compressDictionary } from '#adapters/dynamo/snapshot-compression.ts';
import { serve } from '#core/api-server/rest.ts';
import type { ApiRequest } from '#core/api-server/request.ts';
import { Cluster } from '#core/cluster.ts';

const FILE = fileURLToPath(new URL('../lambdas/adapters/dynamo/snapshot-dictionary.data.json', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../test/kubectl/fixtures/lab.yaml', import.meta.url));

const id = process.argv[2];
if (!id || !/^d\d+$/.test(id)) throw new Error('usage: npx tsx bin/snapshot-dictionary.ts d<N> (a new id)');
const file = JSON.parse(readFileSync(FILE, 'utf8')) as DictionaryFile;
if (file[id]) throw new Error(`dictionary ${id} exists: items written with it need it as it is; add a new id instead`);

let now = Date.parse('2026-01-05T09:00:00Z');
const cluster = Cluster.create({ id: 'dictionary', name: 'learner', now, seed: 20_260_105 });
const request = (partial: Omit<ApiRequest, 'query' | 'user'> & { query?: ApiRequest['query'] }): void => {
  cluster.advanceTo(now);
  const response = serve(cluster, { query: {}, user: 'learner', ...partial });
  if (response.status >= 300) throw new Error(`${partial.verb} ${partial.resource}: ${response.status} ${JSON.stringify(response.body)}`);
};
const wait = (seconds: number): void => {
  for (let t = 0; t < seconds; t += 10) {
    now += 10_000;
    cluster.advanceTo(now);
  }
};
for (const doc of parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((d) => d.toJSON() as { apiVersion: string; kind: string })) {
  request({ verb: 'create', group: doc.apiVersion === 'apps/v1' ? 'apps' : '', version: 'v1', resource: doc.kind === 'Deployment' ? 'deployments' : 'services', namespace: 'default', body: doc });
}
wait(120);
request({ verb: 'patch', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'scale', namespace: 'default', name: 'kubelab-lab', patchType: 'merge', body: { spec: { replicas: 3 } } });
wait(120);

const text = snapshotJson(cluster.toSnapshot());
const compressed = await compressDictionary(text);
file[id] = { quality: DICTIONARY_QUALITY, length: Buffer.byteLength(text), compressed: compressed.toString('base64') };
writeFileSync(FILE, `${JSON.stringify(file, null, 1)}\n`);
console.log(`${id}: ${text.length} characters of a lab's cluster, ${compressed.byteLength} B compressed, written to ${FILE}`);
