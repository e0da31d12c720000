/**
 * `kubectl edit` on the page. The server refuses it (there is no editor process behind the
 * terminal), so the page does what kubectl does with its own editor: it reads the object as YAML,
 * opens it in the page's editor, and on Save writes it back with `kubectl replace -f`, which sends
 * the resourceVersion it read, so a change made meanwhile is a Conflict, as with a real edit.
 */

/** What `kubectl edit` was asked to open. */
export interface EditTarget {
  readonly resource: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A `kubectl edit` line read: the object to open, or why it cannot be opened here. */
export type EditRequest = { readonly target: EditTarget } | { readonly refused: string };

const USAGE = 'name one object: kubectl edit deployment/web, or kubectl edit deployment web -n default';

/** Whether a line is `kubectl edit ...` (with global flags before `edit` too), and what it asks for. */
export function parseEdit(line: string): EditRequest | undefined {
  const words = line.trim().split(/\s+/).map(unquote);
  if (words[0] !== 'kubectl') return undefined;
  let namespace: string | undefined;
  const positional: string[] = [];
  let sawEdit = false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    const flag = /^(-n|--namespace)(?:=(.*))?$/.exec(word);
    if (flag) {
      namespace = flag[2] ?? words[++i];
      if (!namespace) return sawEdit ? { refused: `${flag[1]} needs a namespace` } : undefined;
    } else if (/^-n.+/.test(word)) {
      namespace = word.slice(2);
    } else if (word.startsWith('-')) {
      // Before the subcommand an unknown flag may take a value we cannot tell apart: leave the line to the server.
      if (!sawEdit) return undefined;
      return { refused: `the page's kubectl edit takes a resource, a name and -n only, not ${word}` };
    } else if (!sawEdit) {
      if (word !== 'edit') return undefined;
      sawEdit = true;
    } else {
      positional.push(word);
    }
  }
  if (!sawEdit) return undefined;
  if (line.includes('|')) return { refused: 'kubectl edit opens the editor; its output cannot be piped' };
  const [first, second, ...rest] = positional;
  if (!first || rest.length > 0) return { refused: USAGE };
  const slash = first.indexOf('/');
  const [resource, name] = slash >= 0 ? [first.slice(0, slash), first.slice(slash + 1)] : [first, second];
  if (!resource || !name || (slash >= 0 && second !== undefined)) return { refused: USAGE };
  return { target: { resource, name, ...(namespace ? { namespace } : {}) } };
}

/** The `kubectl get` line that reads the object as kubectl edit would show it. */
export function getLine(target: EditTarget): string {
  return `kubectl get ${target.resource} ${target.name}${target.namespace ? ` -n ${target.namespace}` : ''} -o yaml`;
}

/** The workspace file an edit is saved as: `edit-<kind>-<name>.yaml`, from the object itself. */
export function editFileName(yaml: string, target: EditTarget): string {
  const kind = /^kind:\s*(\S+)/m.exec(yaml)?.[1] ?? target.resource;
  const name = `edit-${kind.toLowerCase()}-${target.name}.yaml`.replace(/[^A-Za-z0-9._-]/g, '-');
  // Workspace names are at most 100 characters; object names may be longer.
  return name.length <= 100 ? name : `${name.slice(0, 95)}.yaml`;
}

/** The header kubectl's own edit puts above the object, so the learner knows what Save does. */
export function editHeader(fileName: string): string {
  return [
    '# Please edit the object below. Saving writes it to your workspace as',
    `# ${fileName} and runs kubectl replace -f ${fileName} in the terminal.`,
    '# If the object changed meanwhile, replace fails with a Conflict: run kubectl edit again.',
    '#',
  ].join('\n');
}

function unquote(word: string): string {
  return /^(['"]).*\1$/.test(word) ? word.slice(1, -1) : word;
}
