/**
 * The yaml package, imported when first needed: evaluating it is about 10 ms of a cold start, and
 * few requests carry or ask for YAML (an exercise uploaded as YAML, a kubeconfig, a body `kubectl
 * create --raw` or curl sends as YAML; kubectl itself sends and reads JSON). A function's bundle
 * does not carry it: a copy is built beside the bundle (lib/constructs/bundling.ts, BESIDE_PACKAGES).
 */
type Yaml = typeof import('yaml');

let yaml: Promise<Yaml> | undefined;

/** The yaml package, imported on the first call. */
export function loadYaml(): Promise<Yaml> {
  yaml ??= import('yaml');
  return yaml;
}
