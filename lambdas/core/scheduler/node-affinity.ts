/**
 * A pod's required node placement: spec.nodeSelector AND any one of the required node-affinity
 * terms, as component-helpers' nodeaffinity.RequiredNodeAffinity matches them.
 */
import type { NodeSelectorTerm, Pod } from '../objects.ts';

type Labels = Readonly<Record<string, string>>;
type Requirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];

/** Matches a node's labels against a pod's nodeSelector and required node affinity. */
export type NodeMatcher = (labels: Labels) => boolean;

/** Gt/Lt compare a label as a 64-bit integer; anything else does not parse. */
function integer(text: string | undefined): bigint | undefined {
  return text !== undefined && /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
}

/**
 * Whether one expression holds, or undefined when the expression is malformed (In without values,
 * Exists with values, Gt with a non-integer), which makes its whole term match nothing.
 */
function requirementHolds(requirement: Requirement, labels: Labels): boolean | undefined {
  const { key, operator, values = [] } = requirement;
  const present = Object.hasOwn(labels, key);
  const label = labels[key];
  switch (operator) {
    case 'In':
      return values.length === 0 ? undefined : present && values.includes(label as string);
    case 'NotIn':
      // A node without the label is "not in" the set, as label selectors read it.
      return values.length === 0 ? undefined : !present || !values.includes(label as string);
    case 'Exists':
      return values.length > 0 ? undefined : present;
    case 'DoesNotExist':
      return values.length > 0 ? undefined : !present;
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? integer(values[0]) : undefined;
      if (bound === undefined) return undefined;
      const have = present ? integer(label) : undefined;
      if (have === undefined) return false;
      return operator === 'Gt' ? have > bound : have < bound;
    }
    default:
      return undefined;
  }
}

/** A term matches when all its expressions hold; an empty or malformed term matches nothing. */
function termMatches(term: NodeSelectorTerm, labels: Labels): boolean {
  const expressions = term.matchExpressions ?? [];
  if (expressions.length === 0) return false;
  return expressions.every((requirement) => requirementHolds(requirement, labels) === true);
}

/** A matcher for the pod's required placement, built once per scheduling attempt. */
export function requiredNodeAffinity(pod: Pod): NodeMatcher {
  const selector = Object.entries(pod.spec?.nodeSelector ?? {});
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return (labels) => {
    for (const [key, value] of selector) if (labels[key] !== value) return false;
    // Terms are ORed; a required affinity with no terms at all admits no node.
    if (required) return required.nodeSelectorTerms.some((term) => termMatches(term, labels));
    return true;
  };
}
