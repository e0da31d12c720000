/**
 * Tab completion for the terminal's kubectl lines: subcommands, resource types and their short
 * names, flag values, and the names of objects in the learner's cluster, which a lookup asks the
 * cluster for (the terminal runs `kubectl get <type> -o name`). Plain functions, no DOM.
 */
import type { LineState } from './line-editor.ts';

/** Which object names a completion needs. */
export interface NameQuery {
  /** The resource as typed: `pods`, `deploy`, `svc`, ... */
  readonly resource: string;
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
}

/** Answers the names of the objects of a resource type (without the `type/` prefix). */
export type NameLookup = (query: NameQuery) => Promise<readonly string[]>;

/** What can replace the word under the cursor, which starts at `start`. */
export interface Completion {
  readonly start: number;
  readonly word: string;
  readonly candidates: readonly string[];
}

/** The commands a line may start with; `clear` is the terminal's own. */
export const COMMANDS = ['kubectl', 'help', 'clear'];
/** What kubectl's output may be piped into. */
export const FILTERS = ['grep', 'head', 'tail', 'wc', 'sort'];

/**
 * kubectl's subcommands the terminal runs (services/terminal/kubectl-policy.ts keeps the
 * authoritative list), and `edit`, which the page runs itself (kubectl-edit.ts).
 */
export const SUBCOMMANDS = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'auth', 'autoscale', 'cluster-info', 'config', 'cordon',
  'create', 'delete', 'describe', 'drain', 'edit', 'events', 'explain', 'expose', 'get', 'label', 'logs', 'options',
  'patch', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
];

/** Resource types as kubectl accepts them: plural names and their short names. */
export const RESOURCE_TYPES = [
  'all', 'clusterrolebindings', 'clusterroles', 'configmaps', 'cm', 'componentstatuses', 'cs', 'cronjobs', 'cj', 'daemonsets', 'ds', 'deployments', 'deploy',
  'endpoints', 'ep', 'endpointslices', 'events', 'ev', 'horizontalpodautoscalers', 'hpa', 'ingressclasses', 'ingresses', 'ing', 'jobs',
  'leases', 'limitranges', 'limits', 'namespaces', 'ns', 'networkpolicies', 'netpol', 'nodes', 'no',
  'persistentvolumeclaims', 'pvc', 'poddisruptionbudgets', 'pdb', 'pods', 'po', 'replicasets', 'rs',
  'resourcequotas', 'quota', 'rolebindings', 'roles', 'secrets', 'serviceaccounts', 'sa', 'services', 'svc', 'statefulsets', 'sts',
];

const OUTPUT_FORMATS = ['wide', 'yaml', 'json', 'name', 'jsonpath=', 'custom-columns='];
const FLAGS = ['--all-namespaces', '--namespace', '--output', '--selector', '--show-labels', '--watch', '--filename', '--help'];
/** Flags whose value is the next word, so it is not a positional argument. */
const VALUE_FLAGS = new Set([
  '-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '-c', '--container', '-L', '--label-columns',
  '--field-selector', '--sort-by', '--replicas', '--image', '--port', '--target-port', '--type', '--name', '--timeout',
  '--for', '--tail', '--since', '--to-revision', '--revision', '--grace-period', '--chunk-size', '--patch',
]);

/** Fixed words after a subcommand, by how many positional words came before. */
const FIXED: Readonly<Record<string, readonly (readonly string[])[]>> = {
  rollout: [['history', 'pause', 'restart', 'resume', 'status', 'undo'], ['deployment', 'daemonset', 'statefulset']],
  scale: [['deployment', 'replicaset', 'statefulset']],
  expose: [['deployment', 'pod', 'replicaset', 'service']],
  create: [['configmap', 'deployment', 'job', 'namespace', 'secret', 'service', 'serviceaccount']],
  top: [['nodes', 'pods']],
  set: [['env', 'image', 'resources', 'selector'], ['deployment', 'daemonset', 'pod', 'replicaset', 'statefulset']],
  config: [['current-context', 'get-contexts', 'view']],
  auth: [['can-i', 'whoami']],
  taint: [['nodes']],
};
/** Subcommands whose first positional is a resource type and the next ones its names. */
const TYPE_THEN_NAMES = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'wait', 'events']);

/** What completes the word under the cursor. */
export async function complete(state: LineState, lookup: NameLookup): Promise<Completion> {
  const before = state.text.slice(0, state.cursor);
  const start = /\S*$/.exec(before)?.index ?? before.length;
  const word = before.slice(start);
  const segment = before.slice(0, start).split('|').at(-1) ?? '';
  const words = segment.trim() ? segment.trim().split(/\s+/) : [];
  const piped = before.slice(0, start).includes('|');
  const candidates = await candidatesFor(words, word, piped, lookup);
  return { start, word, candidates: [...new Set(candidates.filter((c) => c.startsWith(word)))].sort() };
}

async function candidatesFor(words: readonly string[], word: string, piped: boolean, lookup: NameLookup): Promise<readonly string[]> {
  if (words.length === 0) return piped ? FILTERS : COMMANDS;
  if (words[0] !== 'kubectl') return [];
  const { positionals, namespace, allNamespaces, pendingFlag } = parseArgs(words.slice(1));
  const scope = { ...(namespace ? { namespace } : {}), ...(allNamespaces ? { allNamespaces } : {}) };
  const names = async (resource: string, prefix = '') => (await lookup({ resource, ...scope })).map((name) => `${prefix}${name}`);
  if (pendingFlag === '-n' || pendingFlag === '--namespace') return names('namespaces');
  if (pendingFlag === '-o' || pendingFlag === '--output') return OUTPUT_FORMATS;
  if (pendingFlag) return [];
  if (word.startsWith('-')) return FLAGS;
  const [subcommand, ...rest] = positionals;
  if (subcommand === undefined) return SUBCOMMANDS;
  // type/name, as in `kubectl logs deploy/web` or `kubectl describe pod/web-1`
  const slash = word.indexOf('/');
  if (slash > 0) return names(word.slice(0, slash), word.slice(0, slash + 1));
  if (TYPE_THEN_NAMES.has(subcommand) || subcommand === 'explain') {
    if (rest.length === 0) return RESOURCE_TYPES;
    const type = rest[0] ?? '';
    if (subcommand === 'explain' || type.includes('/') || type.includes(',') || type === 'all') return [];
    return names(type);
  }
  if (subcommand === 'logs') return rest.length === 0 ? names('pods') : [];
  if (subcommand === 'cordon' || subcommand === 'uncordon' || subcommand === 'drain') return rest.length === 0 ? names('nodes') : [];
  const fixed = FIXED[subcommand];
  if (!fixed) return [];
  if (rest.length < fixed.length) return fixed[rest.length] ?? [];
  // The positional after the fixed words is a name of the type just given (rollout status deployment <name>).
  const type = rest[fixed.length - 1] ?? '';
  return rest.length === fixed.length && subcommand !== 'create' && subcommand !== 'config' && subcommand !== 'auth' ? names(type) : [];
}

function parseArgs(args: readonly string[]): { positionals: string[]; namespace?: string; allNamespaces: boolean; pendingFlag?: string } {
  const positionals: string[] = [];
  let namespace: string | undefined;
  let allNamespaces = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-A' || arg === '--all-namespaces') allNamespaces = true;
    else if (arg.startsWith('--namespace=')) namespace = arg.slice('--namespace='.length);
    else if (VALUE_FLAGS.has(arg)) {
      if (i === args.length - 1) return { positionals, ...(namespace ? { namespace } : {}), allNamespaces, pendingFlag: arg };
      if (arg === '-n' || arg === '--namespace') namespace = args[i + 1];
      i++;
    } else if (!arg.startsWith('-')) positionals.push(arg);
  }
  return { positionals, ...(namespace ? { namespace } : {}), allNamespaces };
}

/** The line after a completion, and the candidates to list when it cannot decide. */
export function applyCompletion(state: LineState, completion: Completion): { state: LineState; list: readonly string[] } {
  const { start, word, candidates } = completion;
  if (candidates.length === 0) return { state, list: [] };
  const only = candidates.length === 1 ? candidates[0] : undefined;
  const replacement = only !== undefined ? (/[/=]$/.test(only) ? only : `${only} `) : commonPrefix(candidates);
  if (replacement.length <= word.length && only === undefined) return { state, list: candidates };
  const text = state.text.slice(0, start) + replacement + state.text.slice(state.cursor);
  return { state: { text, cursor: start + replacement.length }, list: [] };
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Candidates laid out in columns for a terminal `cols` wide, as a shell lists them. */
export function columns(candidates: readonly string[], cols: number): string[] {
  const width = Math.max(...candidates.map((c) => c.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows: string[] = [];
  for (let i = 0; i < candidates.length; i += perRow) {
    rows.push(candidates.slice(i, i + perRow).map((c) => c.padEnd(width)).join('').trimEnd());
  }
  return rows;
}
