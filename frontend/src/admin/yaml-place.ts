/**
 * Where in an uploaded YAML document each problem the API named is: its JSON pointer
 * (`#/checks/2/points`) turned into a line of the text, so the dashboard can show the message
 * under the line it is about. A pointer to a field that is missing lands on the object that
 * lacks it. No DOM, so it is tested in node (test/site/admin-yaml.test.ts).
 */
import { isNode, LineCounter, parseDocument, type Node } from 'yaml';

/** A problem placed on a line (1-based), or on the document as a whole (line undefined). */
export interface PlacedProblem {
  readonly line?: number;
  readonly pointer?: string;
  readonly detail: string;
}

/** The path segments of a JSON pointer, `#/checks/0/points` -> ['checks', 0, 'points']. */
export function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .replace(/^#?\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Places each problem on the line of the node its pointer names (or the nearest one that exists). */
export function placeProblems(text: string, problems: readonly { readonly pointer?: string; readonly detail: string }[]): PlacedProblem[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, keepSourceTokens: false });
  return problems.map((problem) => {
    if (!problem.pointer) return problem;
    const path = pointerPath(problem.pointer);
    for (let depth = path.length; depth >= 0; depth--) {
      const found = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
      const offset = rangeStart(found, document, path.slice(0, depth));
      if (offset !== undefined) return { ...problem, line: lines.linePos(offset).line };
    }
    return problem;
  });
}

/** Where a node starts; for a field, where its key starts (the line a reader looks for). */
function rangeStart(found: unknown, document: ReturnType<typeof parseDocument>, path: (string | number)[]): number | undefined {
  const last = path.at(-1);
  if (typeof last === 'string' && path.length > 0) {
    const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
    const pair = (parent as { items?: { key?: unknown }[] } | undefined)?.items?.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === last);
    if (pair && isNode(pair.key) && (pair.key as Node).range) return (pair.key as Node).range![0];
  }
  return isNode(found) && (found as Node).range ? (found as Node).range![0] : undefined;
}

/** A YAML syntax error's line, from the parser itself. */
export function syntaxProblems(text: string): PlacedProblem[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  return document.errors.map((error) => ({ line: error.linePos?.[0].line, detail: error.message.split('\n')[0] ?? error.message }));
}
