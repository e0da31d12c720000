/**
 * A pod's required node placement: spec.nodeSelector AND any one of the required node-affinity
 * terms, as component-helpers' nodeaffinity.RequiredNodeAffinity matches them.
 */
import type { NodeSelectorTerm, Pod } from '../objects.ts';

type Labels = Readonly<Record<string, string>>;
type Requirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];

/** Matches a node (its labels, and its name for matchFields) against a pod's nodeSelector and required node affinity. */
export type NodeMatcher = (labels: Labels, nodeName?: string) => boolean;

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

type FieldRequirement = NonNullable<NodeSelectorTerm['matchFields']>[number];

/** A field requirement: `metadata.name` In or NotIn the values; any other field matches nothing. */
function fieldHolds({ key, operator, values = [] }: FieldRequirement, nodeName: string | undefined): boolean {
  if (key !== 'metadata.name' || nodeName === undefined || values.length === 0) return false;
  return operator === 'In' ? values.includes(nodeName) : operator === 'NotIn' && !values.includes(nodeName);
}

/** A term matches when all its expressions and fields hold; an empty or malformed term matches nothing. */
function termMatches(term: NodeSelectorTerm, labels: Labels, nodeName: string | undefined): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  return expressions.every((requirement) => requirementHolds(requirement, labels) === true) && fields.every((field) => fieldHolds(field, nodeName));
}

/** The matcher of a pod that asks for no particular node. */
export const ADMITS_EVERY_NODE: NodeMatcher = () => true;

/** A matcher for the pod's required placement, built once per scheduling attempt. */
export function requiredNodeAffinity(pod: Pod): NodeMatcher {
  const selector = Object.entries(pod.spec?.nodeSelector ?? {});
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (selector.length === 0 && !required) return ADMITS_EVERY_NODE;
  return (labels, nodeName) => {
    for (const [key, value] of selector) if (labels[key] !== value) return false;
    // Terms are ORed; a required affinity with no terms at all admits no node.
    if (required) return required.nodeSelectorTerms.some((term) => termMatches(term, labels, nodeName));
    return true;
  };
}
