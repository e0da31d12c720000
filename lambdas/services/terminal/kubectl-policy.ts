/**
 * What the web terminal lets kubectl do. kubectl runs for real, so the sandbox is in its
 * arguments: only the subcommands a course uses, no flag that changes the target cluster or
 * the credentials (acting as another user with --as is the cluster's to allow), no flag that makes kubectl read or write a file outside the learner's
 * workspace, no plugin lookup. Flags are read as kubectl's own parser (pflag) reads them,
 * including `--flag=value`, `-xVALUE` and grouped boolean shorthands, so no spelling slips by.
 */

/** An argument list the terminal refuses, with the reason in words for the learner. */
export class KubectlPolicyError extends Error {
  override readonly name = 'KubectlPolicyError';
}

/** kubectl's arguments, checked, and the workspace files they name. */
export interface CheckedKubectl {
  readonly args: readonly string[];
  /** The subcommand (`get`, `rollout`, ...). */
  readonly subcommand: string;
  /** Workspace paths the command reads, relative to the workspace. */
  readonly files: readonly string[];
  /** The command runs until stopped or until what it waits for happens (watch, follow, wait). */
  readonly longRunning: boolean;
}

const ALLOWED = new Set([
  'annotate', 'api-resources', 'api-versions', 'apply', 'auth', 'autoscale', 'cluster-info', 'config', 'cordon',
  'create', 'delete', 'describe', 'drain', 'events', 'explain', 'expose', 'get', 'help', 'label', 'logs', 'options',
  'patch', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
]);

const REFUSED: Readonly<Record<string, string>> = {
  exec: 'a simulated container has no process to run a command in',
  attach: 'a simulated container has no process to attach to',
  cp: 'a simulated container has no file system to copy to or from',
  'port-forward': 'the simulation opens no ports on this machine: use curl to reach a Service',
  proxy: 'the terminal cannot open a proxy on the server',
  debug: 'a simulated cluster cannot start debugging containers',
  edit: 'open the object in the editor instead: kubectl edit needs an editor this terminal does not have',
  diff: 'kubectl diff runs an external diff program, which the terminal does not have',
  plugin: 'the terminal runs no kubectl plugins',
  kustomize: 'kustomize may fetch remote bases; apply a workspace file with -f instead',
  completion: 'the terminal completes with the Tab key already',
  alpha: 'alpha commands are not part of the course',
  certificate: 'certificate signing requests are not part of the simulated cluster',
};

/** Flags that point kubectl at another cluster or identity, or at files of the server's. */
const REFUSED_FLAGS: Readonly<Record<string, string>> = {
  server: 'the terminal talks to your own cluster only',
  kubeconfig: 'the terminal talks to your own cluster only',
  context: 'the terminal talks to your own cluster only',
  cluster: 'the terminal talks to your own cluster only',
  user: 'the terminal uses your own credentials only',
  token: 'the terminal uses your own credentials only',
  username: 'the terminal uses your own credentials only',
  password: 'the terminal uses your own credentials only',
  // --as and --as-group are the cluster's to allow or refuse (RBAC's impersonate verb), as on a real one.
  'as-uid': 'impersonating a uid is not available in the terminal: --as and --as-group are',
  'as-user-extra': 'impersonating extra user fields is not available in the terminal: --as and --as-group are',
  'certificate-authority': 'the terminal manages TLS itself',
  'client-certificate': 'the terminal manages TLS itself',
  'client-key': 'the terminal manages TLS itself',
  'insecure-skip-tls-verify': 'the terminal manages TLS itself',
  'tls-server-name': 'the terminal manages TLS itself',
  'cache-dir': 'the terminal keeps kubectl\'s cache itself',
  profile: 'profiling writes files on the server',
  'profile-output': 'profiling writes files on the server',
  'log-file': 'kubectl\'s log goes to the terminal',
  'log-dir': 'kubectl\'s log goes to the terminal',
  'output-directory': 'there is no file system to write into: drop --output-directory to print to the terminal',
  raw: 'kubectl config view --raw would print your token: the terminal shows the redacted view',
  kuberc: 'the terminal uses kubectl\'s defaults',
};

/** Flags whose value names files kubectl reads: they must be workspace files. */
const FILE_FLAGS = new Set(['filename', 'kustomize', 'from-file', 'from-env-file', 'cert', 'key']);

/** Shorthands that take a value (the rest of a `-xVALUE` group, or the next word). */
const VALUE_SHORTHANDS: Readonly<Record<string, string>> = {
  n: 'namespace', s: 'server', o: 'output', l: 'selector', f: 'filename', k: 'kustomize', c: 'container',
  v: 'v', L: 'label-columns', r: 'replicas', e: 'env', p: 'patch',
};

/** Per subcommand, shorthands that are booleans there and not what VALUE_SHORTHANDS says. */
const BOOLEAN_SHORTHANDS: Readonly<Record<string, ReadonlySet<string>>> = {
  logs: new Set(['f', 'p']),
};
const COMMON_BOOLEANS = new Set(['A', 'w', 'R', 'h', 'i', 't']);

/**
 * Long flags that take a value, so the next word is theirs when not written with `=`. Any other
 * flag is read as a boolean: the word after it is then checked as an argument of its own, which
 * at worst refuses an odd spelling and never lets a flag slip by unchecked.
 */
const VALUE_FLAGS = new Set([
  'namespace', 'output', 'selector', 'field-selector', 'filename', 'kustomize', 'container', 'label-columns', 'sort-by',
  'template', 'request-timeout', 'v', 'vmodule', 'log-flush-frequency', 'replicas', 'image', 'port', 'target-port',
  'type', 'name', 'env', 'labels', 'timeout', 'for', 'tail', 'since', 'since-time', 'limit-bytes', 'max-log-requests',
  'grace-period', 'from-literal', 'from-file', 'from-env-file', 'patch', 'to-revision', 'revision', 'chunk-size',
  'field-manager', 'overrides', 'restart', 'requests', 'limits', 'protocol', 'external-ip', 'cluster-ip', 'hostport',
  'pod-running-timeout', 'min', 'max', 'cpu-percent', 'current-replicas', 'resource-version', 'pod-selector',
  'containers', 'schedule', 'class', 'rule', 'default-backend', 'annotation', 'serviceaccount', 'audience', 'duration',
  'bound-object-kind', 'bound-object-name', 'bound-object-uid', 'docker-server', 'docker-username', 'docker-password',
  'docker-email', 'cert', 'key', 'type', 'api-version', 'types', 'show-events', 'skip-headers', 'delete-local-data',
  'as', 'as-group', 'as-uid', 'server', 'kubeconfig', 'context', 'cluster', 'user', 'token', 'username', 'password',
  'certificate-authority', 'client-certificate', 'client-key', 'tls-server-name', 'cache-dir', 'profile', 'profile-output',
  'log-file', 'log-dir', 'output-directory', 'kuberc',
]);
// `key` and `cert` (create secret tls) name files too: they are file flags below.

const CONFIG_READS = new Set(['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users']);

/** Checks kubectl's argument list (without the word `kubectl`). */
export function checkKubectl(args: readonly string[]): CheckedKubectl {
  const positional: string[] = [];
  const files: string[] = [];
  const flags = new Map<string, string | true>();
  let subcommand: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break; // what follows is the container's command line or names, never kubectl's flags
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      let value: string | true = eq === -1 ? true : arg.slice(eq + 1);
      if (value === true && VALUE_FLAGS.has(name)) {
        value = args[++i] ?? '';
        if (value.startsWith('-')) checkWord(value, files);
      }
      checkFlag(name, value, files);
      flags.set(name, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      i = readShorthands(args, i, subcommand, files, flags);
    } else {
      subcommand ??= arg;
      positional.push(arg);
    }
  }
  if (subcommand === undefined) return { args, subcommand: 'help', files, longRunning: false };
  checkSubcommand(subcommand, positional, flags);
  return { args, subcommand, files, longRunning: isLongRunning(subcommand, positional, flags) };
}

function readShorthands(args: readonly string[], at: number, subcommand: string | undefined, files: string[], flags: Map<string, string | true>): number {
  const group = args[at]!.slice(1);
  let i = at;
  for (let j = 0; j < group.length; j++) {
    const letter = group[j]!;
    const booleanHere = (subcommand && BOOLEAN_SHORTHANDS[subcommand]?.has(letter)) || COMMON_BOOLEANS.has(letter);
    if (booleanHere) {
      if (subcommand === 'logs' && letter === 'f') flags.set('follow', true);
      if (letter === 'w') flags.set('watch', true);
      if (letter === 'h') flags.set('help', true);
      continue;
    }
    const name = VALUE_SHORTHANDS[letter];
    if (!name) throw new KubectlPolicyError(`unknown shorthand flag: '${letter}' in ${args[at]}`);
    const attached = group.slice(j + 1);
    const value = attached !== '' ? attached.replace(/^=/, '') : (args[++i] ?? '');
    if (attached === '' && value.startsWith('-')) checkWord(value, files);
    checkFlag(name, value, files);
    flags.set(name, value);
    return i;
  }
  return i;
}

/** A flag's value that itself looks like a flag is checked as one too: pflag would take it as the value, but nothing is lost by refusing it. */
function checkWord(word: string, files: string[]): void {
  const name = word.replace(/^--?/, '').split('=')[0]!;
  if (word.startsWith('--')) checkFlag(name, true, files);
  else if (name.length > 0 && name[0] === 's') throw new KubectlPolicyError(`-s is not allowed here: ${REFUSED_FLAGS['server']}`);
}

function checkFlag(name: string, value: string | true, files: string[]): void {
  const refused = REFUSED_FLAGS[name];
  if (refused) throw new KubectlPolicyError(`--${name} is not allowed here: ${refused}`);
  if (FILE_FLAGS.has(name) && typeof value === 'string') files.push(...workspacePaths(name, value));
  if ((name === 'output' || name === 'o') && typeof value === 'string' && /^(go-template-file|jsonpath-file|template-file)=/.test(value)) {
    throw new KubectlPolicyError(`-o ${value.split('=')[0]} reads a template from a file: write the template inline, as -o jsonpath='{...}'`);
  }
}

/** The workspace paths a file flag names; `--from-file=key=path` names `path`. */
function workspacePaths(flag: string, value: string): string[] {
  const path = flag === 'from-file' && /^[^/=]+=/.test(value) ? value.slice(value.indexOf('=') + 1) : value;
  return path.split(flag === 'filename' ? ',' : /(?!)/).map((one) => workspacePath(flag, one));
}

/** A path inside the learner's workspace, normalised; anything else is refused. */
export function workspacePath(flag: string, path: string): string {
  if (path === '') throw new KubectlPolicyError(`--${flag} needs a file name from your workspace`);
  if (path === '-') throw new KubectlPolicyError(`--${flag} - reads standard input, which the terminal does not have: save the manifest as a workspace file and name it`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /^(git@|github\.com\/)/.test(path)) {
    throw new KubectlPolicyError(`--${flag} ${path}: the terminal reads workspace files only, not URLs: paste the manifest into a workspace file`);
  }
  if (path.startsWith('/') || path.startsWith('~')) {
    throw new KubectlPolicyError(`--${flag} ${path}: name a file of your workspace (like app.yaml), not a path on the server`);
  }
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new KubectlPolicyError(`--${flag} ${path}: the path leaves your workspace`);
    parts.push(part);
  }
  if (parts.length === 0) throw new KubectlPolicyError(`--${flag} ${path}: name a file of your workspace`);
  return parts.join('/');
}

function checkSubcommand(subcommand: string, positional: readonly string[], flags: ReadonlyMap<string, string | true>): void {
  const refused = REFUSED[subcommand];
  if (refused) throw new KubectlPolicyError(`kubectl ${subcommand} is not available here: ${refused}`);
  if (!ALLOWED.has(subcommand)) {
    throw new KubectlPolicyError(`kubectl ${subcommand}: unknown or unavailable command; try kubectl help for the commands you can use`);
  }
  if (subcommand === 'config') {
    const action = positional[1];
    if (action !== undefined && !CONFIG_READS.has(action)) {
      throw new KubectlPolicyError(`kubectl config ${action} is not available here: the terminal's kubeconfig is read-only (${[...CONFIG_READS].join(', ')})`);
    }
    if (flags.has('flatten')) throw new KubectlPolicyError('--flatten is not allowed here: the terminal shows the redacted view');
  }
}

function isLongRunning(subcommand: string, positional: readonly string[], flags: ReadonlyMap<string, string | true>): boolean {
  if (flags.get('watch') === true || flags.has('watch-only')) return true;
  if (subcommand === 'logs' && (flags.get('follow') === true || flags.get('f') === true)) return true;
  if (subcommand === 'wait' || subcommand === 'drain') return true;
  if (subcommand === 'events' && (flags.has('watch') || flags.get('w') === true)) return true;
  return subcommand === 'rollout' && positional[1] === 'status';
}
