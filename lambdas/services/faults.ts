/**
 * Breaking learners' clusters on purpose, for a live demonstration (fail a worker node and let
 * the class watch the controller manager move the pods) or a troubleshooting exercise: one
 * learner's cluster or a whole cohort's. The faults themselves are the core's (core/faults.ts);
 * this brings each cluster up to now first and stores the result atomically.
 */
import type { Cluster } from '#core/cluster.ts';
import type { KubeObject } from '#core/objects.ts';
import { breakImage, crashPod, deletePod, failNode, fixImage, recoverNode, type FaultResult } from '#core/faults.ts';
import type { ClusterService } from './clusters.ts';
import type { CourseService } from './course.ts';
import { InvalidInputError, NotFoundError, StateConflictError } from './errors.ts';
import type { Learner } from './ports.ts';

/** A fault an instructor injects. */
export type FaultRequest =
  | { readonly type: 'failNode' | 'recoverNode'; readonly node: string }
  | { readonly type: 'breakImage' | 'fixImage'; readonly image: string }
  /** A pod by name, or (`deployment`) one pod of that Deployment, the first by name: the same fault in every learner's cluster. */
  | { readonly type: 'deletePod'; readonly namespace: string; readonly pod?: string | undefined; readonly deployment?: string | undefined }
  | { readonly type: 'crashPod'; readonly namespace: string; readonly pod: string; readonly container?: string | undefined; readonly exitCode?: number | undefined };

/** What a fault did to one learner's cluster. */
export interface FaultOutcome {
  readonly learnerId: string;
  readonly ok: boolean;
  readonly message: string;
}

/** Injects faults into learners' clusters. */
export class FaultService {
  constructor(
    private readonly course: CourseService,
    private readonly clusters: ClusterService,
    private readonly clock: () => number,
  ) {}

  /** Into one learner's cluster; a fault that does not apply (no such node, already failed) is refused. */
  async injectOne(cohortId: string, learnerId: string, fault: FaultRequest): Promise<FaultOutcome> {
    const learner = await this.course.getLearner(cohortId, learnerId);
    const outcome = await this.inject(learner, fault);
    const { result } = outcome;
    if (result.ok) return { learnerId: outcome.learnerId, ok: true, message: result.message };
    if (result.reason === 'NotFound') throw new NotFoundError(targetKind(fault), targetName(fault));
    if (result.reason === 'Conflict') throw new StateConflictError(result.message);
    throw new InvalidInputError('the fault cannot be injected', [{ path: [targetField(fault)], message: result.message }]);
  }

  /** Into every active learner's cluster of a cohort; each cluster answers for itself. */
  async injectCohort(cohortId: string, fault: FaultRequest): Promise<FaultOutcome[]> {
    const learners = (await this.course.listLearners(cohortId)).filter((l) => !l.revokedAt);
    const outcomes = await Promise.all(learners.map((learner) => this.inject(learner, fault)));
    return outcomes.map(({ learnerId, ok, message }) => ({ learnerId, ok, message }));
  }

  private async inject(learner: Learner, fault: FaultRequest): Promise<FaultOutcome & { result: FaultResult }> {
    const result = await this.clusters.update(learner.clusterId, (cluster) => {
      cluster.bringToPresent(this.clock());
      return apply(cluster, fault);
    });
    return { learnerId: learner.id, ok: result.ok, message: result.message, result };
  }
}

function apply(cluster: Cluster, fault: FaultRequest): FaultResult {
  switch (fault.type) {
    case 'failNode':
      return failNode(cluster, nodeNamed(cluster, fault.node));
    case 'recoverNode':
      return recoverNode(cluster, nodeNamed(cluster, fault.node));
    case 'breakImage':
      return breakImage(cluster, fault.image);
    case 'fixImage':
      return fixImage(cluster, fault.image);
    case 'deletePod': {
      if (fault.pod !== undefined) return deletePod(cluster, fault.namespace, fault.pod);
      const pod = podOfDeployment(cluster, fault.namespace, fault.deployment ?? '');
      return pod ? deletePod(cluster, fault.namespace, pod) : { ok: false, reason: 'NotFound', message: `deployment "${fault.namespace}/${fault.deployment}" has no pod to delete` };
    }
    case 'crashPod':
      return crashPod(cluster, fault.namespace, fault.pod, { ...(fault.container ? { container: fault.container } : {}), ...(fault.exitCode ? { exitCode: fault.exitCode } : {}) });
  }
}

/**
 * The node a fault names. An eks cluster's nodes have names of their own (ip-192-168-…), so on one
 * `worker-1`, `worker-2`, ... name its nodes in their zones' order (us-west-2a first), as eksctl
 * spread them: a room fault "fail worker-1" fails a worker in every learner's cluster, whatever
 * the flavour. A name the cluster has is always that node.
 */
function nodeNamed(cluster: Cluster, name: string): string {
  const index = /^worker-([1-9]\d?)$/.exec(name);
  if (cluster.flavour !== 'eks' || !index || cluster.etcd.get('Node', undefined, name)) return name;
  const zone = (node: KubeObject) => node.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
  const nodes = cluster.etcd.list('Node').sort((a, b) => zone(a).localeCompare(zone(b)) || a.metadata.name.localeCompare(b.metadata.name));
  return nodes[Number(index[1]) - 1]?.metadata.name ?? name;
}

/** The first pod by name (not already terminating) of the Deployment's ReplicaSets. */
function podOfDeployment(cluster: Cluster, namespace: string, deployment: string): string | undefined {
  const ownedBy = (object: KubeObject, kind: string, name: string) => object.metadata.ownerReferences?.some((o) => o.kind === kind && o.name === name) ?? false;
  const replicaSets = new Set(cluster.etcd.list('ReplicaSet', namespace).filter((rs) => ownedBy(rs, 'Deployment', deployment)).map((rs) => rs.metadata.name));
  return cluster.etcd
    .list('Pod', namespace)
    .filter((pod) => !pod.metadata.deletionTimestamp && [...replicaSets].some((rs) => ownedBy(pod, 'ReplicaSet', rs)))
    .map((pod) => pod.metadata.name)
    .sort()[0];
}

function targetKind(fault: FaultRequest): string {
  return 'node' in fault ? 'node' : 'image' in fault ? 'broken image' : fault.type === 'deletePod' && fault.deployment !== undefined ? 'pod of deployment' : 'pod';
}

function targetName(fault: FaultRequest): string {
  return 'node' in fault ? fault.node : 'image' in fault ? fault.image : `${fault.namespace}/${fault.pod ?? ('deployment' in fault ? fault.deployment : '')}`;
}

function targetField(fault: FaultRequest): string {
  return 'node' in fault ? 'node' : 'image' in fault ? 'image' : fault.type === 'crashPod' ? 'exitCode' : 'pod';
}
