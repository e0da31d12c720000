/**
 * Bad values as a v1.32 API server prints them in "Invalid value: ..." messages. The server formats
 * them with Go's fmt: strings with %q, numbers bare, and anything else with %#v, which shows the
 * Go type (`map[string]string{"app":"web"}`, `[]string{"10.96.0.20"}`). Learners compare these
 * messages with a real cluster's, so the Go spelling is reproduced rather than JSON.
 */
import type { LabelSelector } from '../objects.ts';

/** A value already spelled in Go syntax, as %#v would print it. */
export interface GoSyntax {
  readonly goSyntax: string;
}

/** A bad value carried by a field error. */
export type GoValue = string | number | boolean | null | GoSyntax;

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** A string as Go's strconv.Quote (and so %q and %#v) writes it. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const named = NAMED_ESCAPES[char];
    if (named) out += named;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** The text of a bad value inside a message. */
export function renderGoValue(value: GoValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value.goSyntax;
}

function sortedEntries(map: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A map[string]string (labels, selectors); an absent map is Go's nil map. */
export function goStringMap(map: Readonly<Record<string, string>> | undefined): GoSyntax {
  if (map === undefined || map === null) return { goSyntax: 'map[string]string(nil)' };
  const body = sortedEntries(map).map(([key, value]) => `${goQuote(key)}:${goQuote(String(value))}`);
  return { goSyntax: `map[string]string{${body.join(', ')}}` };
}

/** A []string (clusterIPs, selector values); an absent slice is Go's nil slice. */
export function goStringSlice(values: readonly string[] | undefined): GoSyntax {
  if (values === undefined || values === null) return { goSyntax: '[]string(nil)' };
  return { goSyntax: `[]string{${values.map((v) => goQuote(String(v))).join(', ')}}` };
}

/** A v1.LabelSelector, as spec.selector errors of Deployments and ReplicaSets print it. */
export function goLabelSelector(selector: LabelSelector | undefined): GoSyntax {
  const labels = goStringMap(selector?.matchLabels).goSyntax;
  const expressions = selector?.matchExpressions;
  const requirements =
    expressions === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${expressions
          .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(String(e.key ?? ''))}, Operator:${goQuote(String(e.operator ?? ''))}, Values:${goStringSlice(e.values).goSyntax}}`)
          .join(', ')}}`;
  return { goSyntax: `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${requirements}}` };
}

/** An intstr.IntOrString (targetPort, maxSurge, maxUnavailable); Type 0 is an int, 1 a string. */
export function goIntOrString(value: number | string | undefined): GoSyntax {
  if (typeof value === 'string') return { goSyntax: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}` };
  return { goSyntax: `intstr.IntOrString{Type:0, IntVal:${typeof value === 'number' ? value : 0}, StrVal:""}` };
}

/** The (protocol, port) key of a core.ServicePort, as the duplicate-port error of a Service prints it. */
export function goServicePortKey(protocol: string, port: number): GoSyntax {
  return {
    goSyntax: `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:${goIntOrString(0).goSyntax}, NodePort:0}`,
  };
}

/** An apps.DeploymentStrategy with an unsupported type. */
export function goDeploymentStrategy(type: string, hasRollingUpdate: boolean): GoSyntax {
  // Go prints the pointer's address; a fixed one keeps the message deterministic.
  const rollingUpdate = hasRollingUpdate ? '(*apps.RollingUpdateDeployment)(0xc000a6c0e0)' : '(*apps.RollingUpdateDeployment)(nil)';
  return { goSyntax: `apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${rollingUpdate}}` };
}

/**
 * A decoded JSON value as Go's %v prints it (a map[string]interface{} from a patch): maps as
 * `map[key:value ...]` with sorted keys, slices as `[a b]`, strings bare, null as `<nil>`.
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${goFormat(item)}`).join(' ')}]`;
  }
  return String(value);
}
