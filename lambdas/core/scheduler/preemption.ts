/**
 * DefaultPreemption, the PostFilter step that runs when no node fits: could evicting pods of lower
 * priority make room? Usually (every pod at priority 0) the answer is no, and what matters is how
 * it says so, since that is the second half of the FailedScheduling message:
 * "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No
 * preemption victims found for incoming pod."
 */
import type { Pod } from '../objects.ts';
import type { Random } from '../random.ts';
import { fitErrorMessage } from './fit-error.ts';
import { SUCCESS, runFilters, unresolvable, type CycleState, type FilterPlugin, type Status } from './framework.ts';
import type { AssignedPod, NodeInfo } from './node-info.ts';

/** Status of nodes where preemption cannot help (their rejection was UnschedulableAndUnresolvable). */
export const REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** Status of a node with no lower-priority pod to evict. */
export const REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';
/** PostFilter message for a pod that may not preempt. */
export const REASON_NEVER = 'not eligible due to preemptionPolicy=Never.';
/** PostFilter message while an earlier preemption for this pod is still evicting its victims. */
export const REASON_TERMINATING = 'not eligible due to a terminating pod on the nominated node.';

/** A node that would fit the pod once the victims are gone. */
export interface Nomination {
  readonly nodeName: string;
  readonly victims: readonly Pod[];
}

/** What preemption concluded: its message for the event, or a node to nominate and its victims. */
export type PreemptionOutcome =
  | { readonly nominated: false; readonly message: string }
  | { readonly nominated: true; readonly nomination: Nomination };

/** What preemption needs from the scheduler: the nodes, in order, and the filters to re-run. */
export interface PreemptionContext {
  readonly nodes: readonly NodeInfo[];
  readonly filters: readonly FilterPlugin[];
  readonly state: CycleState;
  readonly random: Random;
}

function priority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** Start time in ms; a pod not started yet counts as starting last (upstream uses "now"). */
function startTime(pod: Pod): number {
  const parsed = Date.parse(pod.status?.startTime ?? '');
  return Number.isNaN(parsed) ? Number.MAX_SAFE_INTEGER : parsed;
}

/** Higher priority first, then the longer-running pod (util.MoreImportantPod). */
function moreImportantFirst(a: AssignedPod, b: AssignedPod): number {
  return priority(b.pod) - priority(a.pod) || startTime(a.pod) - startTime(b.pod);
}

/** True for a pod already being evicted by an earlier preemption (DisruptionTarget condition). */
function terminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata.deletionTimestamp) return false;
  const condition = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  return condition?.status === 'True' && condition.reason === 'PreemptionByScheduler';
}

/** Why the pod may not preempt at all, or undefined when it may (PodEligibleToPreemptOthers). */
function ineligibility(pod: Pod, statuses: ReadonlyMap<string, Status>, nodes: readonly NodeInfo[]): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return REASON_NEVER;
  const nominated = pod.status?.nominatedNodeName;
  if (!nominated) return undefined;
  // A nominated node that can no longer take the pod at all frees it to preempt elsewhere.
  const code = statuses.get(nominated)?.code ?? 'UnschedulableAndUnresolvable';
  if (code === 'UnschedulableAndUnresolvable') return undefined;
  const node = nodes.find((n) => n.name === nominated);
  const evicting = node?.pods.some((p) => priority(p.pod) < priority(pod) && terminatingByPreemption(p.pod));
  return evicting ? REASON_TERMINATING : undefined;
}

/**
 * SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, put back as many as
 * possible, most important first. Works on a copy of the node.
 */
function selectVictims(pod: Pod, original: NodeInfo, context: PreemptionContext): { status: Status; victims: AssignedPod[] } {
  // Most pods share one priority: then no node has a victim, and saying so costs nothing.
  const candidates = original.hasPodBelow(priority(pod)) ? original.pods.filter((p) => priority(p.pod) < priority(pod)) : [];
  if (candidates.length === 0) return { status: unresolvable(REASON_NO_VICTIMS), victims: [] };
  const node = original.clone();
  for (const candidate of candidates) node.remove(candidate.key);
  const status = runFilters(context.filters, pod, node, context.state);
  if (status.code !== 'Success') return { status, victims: [] };
  const victims: AssignedPod[] = [];
  for (const candidate of [...candidates].sort(moreImportantFirst)) {
    node.add(candidate);
    if (runFilters(context.filters, pod, node, context.state).code !== 'Success') {
      node.remove(candidate.key);
      victims.push(candidate);
    }
  }
  return { status: SUCCESS, victims };
}

/** How many candidates the dry run looks for: 10% of the nodes, at least 100 (all, in a small cluster). */
function candidatesWanted(potential: number): number {
  return Math.min(potential, Math.max(100, Math.floor((potential * 10) / 100)));
}

/** pickOneNodeForPreemption's tie-breakers, each "higher is better", PDBs left out. */
const CRITERIA: readonly ((victims: readonly AssignedPod[]) => number)[] = [
  (victims) => -priority(victims[0]?.pod as Pod),
  // 2^31 is added to each priority so more victims never look better for having negative priorities.
  (victims) => -victims.reduce((sum, v) => sum + priority(v.pod) + 2 ** 31, 0),
  (victims) => -victims.length,
  (victims) => {
    const top = priority(victims[0]?.pod as Pod);
    return Math.min(...victims.filter((v) => priority(v.pod) === top).map((v) => startTime(v.pod)));
  },
];

function pickCandidate(candidates: readonly { nodeName: string; victims: AssignedPod[] }[]) {
  let remaining = candidates;
  for (const criterion of CRITERIA) {
    if (remaining.length <= 1) break;
    const scores = remaining.map((c) => criterion(c.victims));
    const best = Math.max(...scores);
    remaining = remaining.filter((_, i) => scores[i] === best);
  }
  // Upstream's last tie-break is map order, i.e. arbitrary; here it is the dry run's (seeded) order.
  return remaining[0];
}

/**
 * Runs preemption for a pod no node could take, given each node's filter status. Random is
 * drawn from only when some node might be helped, for the dry run's starting offset.
 */
export function preempt(pod: Pod, statuses: ReadonlyMap<string, Status>, context: PreemptionContext): PreemptionOutcome {
  const refusal = ineligibility(pod, statuses, context.nodes);
  // DefaultPreemption's PostFilter prefixes whatever the evaluator said with "preemption: ".
  if (refusal) return { nominated: false, message: `preemption: ${refusal}` };
  const numAllNodes = context.nodes.length;
  const absent = unresolvable(REASON_NOT_HELPFUL);
  const potential = context.nodes.filter((n) => statuses.get(n.name)?.code === 'Unschedulable');
  const dryRun = new Map<string, Status>();
  const candidates: { nodeName: string; victims: AssignedPod[] }[] = [];
  if (potential.length > 0) {
    const offset = context.random.nextInt(potential.length);
    const wanted = candidatesWanted(potential.length);
    for (let i = 0; i < potential.length && candidates.length < wanted; i++) {
      const node = potential[(offset + i) % potential.length] as NodeInfo;
      const { status, victims } = selectVictims(pod, node, context);
      if (status.code === 'Success' && victims.length > 0) candidates.push({ nodeName: node.name, victims });
      else dryRun.set(node.name, status);
    }
  }
  const best = pickCandidate(candidates);
  if (best) return { nominated: true, nomination: { nodeName: best.nodeName, victims: best.victims.map((v) => v.pod) } };
  return { nominated: false, message: `preemption: ${fitErrorMessage(numAllNodes, dryRun, { absent })}` };
}
