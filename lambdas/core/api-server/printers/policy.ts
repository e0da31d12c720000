/**
 * Printers of the namespace policy kinds, as the v1.32 server prints them: ResourceQuotas (each
 * quota's requests and limits as `used/hard`, from the status the resourcequota-controller
 * keeps), LimitRanges (CREATED AT) and PodDisruptionBudgets (printPodDisruptionBudget).
 */
import type { KubeObject, PodDisruptionBudget } from '../../objects.ts';
import { AGE_COLUMN, CREATION_TIMESTAMP_DESCRIPTION, NAME_COLUMN, column } from './columns.ts';
import { timeSince } from './duration.ts';
import type { Printer } from './table.ts';

type Quantities = Readonly<Record<string, string>>;
type ResourceQuota = KubeObject<{ readonly hard?: Quantities }, { readonly hard?: Quantities; readonly used?: Quantities }>;

/** ResourceQuotas: REQUEST and LIMIT list `resource: used/hard`, limits.* under LIMIT. */
export const resourceQuotaPrinter: Printer<ResourceQuota> = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  cells: (quota, now) => {
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    const entries = Object.keys(hard)
      .sort()
      .map((resource) => ({ resource, text: `${resource}: ${used[resource] ?? '0'}/${hard[resource]}` }));
    const requests = entries.filter((e) => !e.resource.startsWith('limits.')).map((e) => e.text);
    const limits = entries.filter((e) => e.resource.startsWith('limits.')).map((e) => e.text);
    return [quota.metadata.name, timeSince(quota.metadata.creationTimestamp, now), requests.join(', '), limits.join(', ')];
  },
};

/** LimitRanges: the creation time itself, not an age. */
export const limitRangePrinter: Printer<KubeObject> = {
  columns: [NAME_COLUMN, column('Created At', CREATION_TIMESTAMP_DESCRIPTION, 0, 'date')],
  cells: (limitRange) => [limitRange.metadata.name, limitRange.metadata.creationTimestamp],
};

/** PodDisruptionBudgets: the budget not given is N/A, ALLOWED DISRUPTIONS the controller's count. */
export const podDisruptionBudgetPrinter: Printer<PodDisruptionBudget> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Min Available', 'The minimum number of pods that must be available.'),
    /* @__PURE__ */ column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    /* @__PURE__ */ column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', 0, 'integer'),
    AGE_COLUMN,
  ],
  cells: (pdb, now) => [
    pdb.metadata.name,
    String(pdb.spec?.minAvailable ?? 'N/A'),
    String(pdb.spec?.maxUnavailable ?? 'N/A'),
    pdb.status?.disruptionsAllowed ?? 0,
    timeSince(pdb.metadata.creationTimestamp, now),
  ],
};
