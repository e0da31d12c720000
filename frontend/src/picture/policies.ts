/**
 * The picture's words for a namespace's policies, beside the view's data: where a disruption
 * budget stands, what it allows, and how full a quota's gauge is. No DOM, so it is tested in node.
 */
import type { ClusterView, ViewBudget } from '../api.ts';

/** The workload a budget guards, `Deployment/default/web`: the one owning the first pod it selects. */
export function budgetHome(budget: ViewBudget, view: ClusterView): string | undefined {
  const pod = view.pods.find((p) => p.namespace === budget.namespace && budget.pods.includes(p.name));
  if (!pod?.owner) return undefined;
  if (!pod.owner.startsWith('ReplicaSet/')) return pod.owner.replace('/', `/${budget.namespace}/`);
  const rs = view.workloads.find((w) => w.kind === 'ReplicaSet' && w.namespace === budget.namespace && `ReplicaSet/${w.name}` === pod.owner);
  return rs?.owner?.startsWith('Deployment/') ? rs.owner.replace('/', `/${budget.namespace}/`) : undefined;
}

/** A budget in words: `1 disruption allowed (2 of 3 healthy, 2 needed)`. */
export function budgetText(budget: ViewBudget): string {
  return `${budget.allowed} ${budget.allowed === 1 ? 'disruption' : 'disruptions'} allowed (${budget.healthy} of ${budget.expected} healthy, ${budget.needed} needed)`;
}

const UNITS: Readonly<Record<string, number>> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** How full a quota's resource is, 0 to 1, for its gauge: `600Mi` of `1Gi` is 0.59. */
export function fullness(used: string, hard: string): number {
  const amount = (q: string) => {
    const [, n = '0', unit = ''] = /^([\d.]+)([a-zA-Z]*)$/.exec(q) ?? [];
    return Number(n) * (UNITS[unit] ?? 1);
  };
  const limit = amount(hard);
  return limit > 0 ? Math.min(1, amount(used) / limit) : 1;
}
