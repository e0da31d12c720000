/**
 * Printers of the workload controllers' objects: Deployments (READY UP-TO-DATE AVAILABLE AGE),
 * ReplicaSets (DESIRED CURRENT READY AGE), DaemonSets and StatefulSets, each with the wide
 * CONTAINERS IMAGES SELECTOR of its pod template.
 */
import type { ControllerRevision, Deployment, KubeObject, LabelSelector, PodTemplateSpec, ReplicaSet } from '../../objects.ts';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column, containerCells } from './columns.ts';
import { timeSince } from './duration.ts';
import { formatLabelSelector, formatLabels, selectorText } from './labels.ts';
import type { Printer } from './table.ts';

/** A DaemonSet as the printer reads it. */
export type PrintedDaemonSet = KubeObject<
  { readonly selector?: LabelSelector; readonly template?: PodTemplateSpec },
  {
    readonly desiredNumberScheduled?: number;
    readonly currentNumberScheduled?: number;
    readonly numberReady?: number;
    readonly updatedNumberScheduled?: number;
    readonly numberAvailable?: number;
  }
>;

/** A StatefulSet as the printer reads it. */
export type PrintedStatefulSet = KubeObject<{ readonly replicas?: number; readonly template?: PodTemplateSpec }, { readonly readyReplicas?: number }>;

/** Replicas wanted; the API server defaults a missing count to 1. */
function desired(replicas: number | undefined): number {
  return replicas ?? 1;
}

/** Deployments. */
export const deploymentPrinter: Printer<Deployment> = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
  ],
  cells(deployment, now) {
    const status = deployment.status ?? {};
    const [names, images] = containerCells(deployment.spec?.template?.spec?.containers);
    return [
      deployment.metadata.name,
      `${status.readyReplicas ?? 0}/${desired(deployment.spec?.replicas)}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      timeSince(deployment.metadata.creationTimestamp, now),
      names,
      images,
      selectorText(deployment.spec?.selector) ?? '<invalid>',
    ];
  },
};

/** ReplicaSets. */
export const replicaSetPrinter: Printer<ReplicaSet> = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.', 0, 'integer'),
    column('Current', 'Replicas is the most recently observed number of replicas.', 0, 'integer'),
    column('Ready', 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.', 0, 'integer'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  cells(replicaSet, now) {
    const [names, images] = containerCells(replicaSet.spec?.template?.spec?.containers);
    return [
      replicaSet.metadata.name,
      desired(replicaSet.spec?.replicas),
      replicaSet.status?.replicas ?? 0,
      replicaSet.status?.readyReplicas ?? 0,
      timeSince(replicaSet.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(replicaSet.spec?.selector),
    ];
  },
};

/** ControllerRevisions: the controller as `<kind>.<group>/<name>`, and the revision number. */
export const controllerRevisionPrinter: Printer<ControllerRevision> = {
  columns: [NAME_COLUMN, /* @__PURE__ */ column('Controller', 'Controller of the object'), /* @__PURE__ */ column('Revision', 'Revision indicates the revision of the state represented by Data.'), AGE_COLUMN],
  cells(revision, now) {
    const owner = revision.metadata.ownerReferences?.find((ref) => ref.controller);
    const group = owner?.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
    const controller = owner ? `${owner.kind.toLowerCase()}${group ? `.${group}` : ''}/${owner.name}` : '<none>';
    return [revision.metadata.name, controller, revision.revision, timeSince(revision.metadata.creationTimestamp, now)];
  },
};

/** DaemonSets. */
export const daemonSetPrinter: Printer<PrintedDaemonSet> = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).', 0, 'integer'),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', 0, 'integer'),
    column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', 0, 'integer'),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', 0, 'integer'),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', 0, 'integer'),
    column('Node Selector', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'A label query over pods that are managed by the daemon set. Must match in order to be controlled.', 1),
  ],
  cells(daemonSet, now) {
    const status = daemonSet.status ?? {};
    const [names, images] = containerCells(daemonSet.spec?.template?.spec?.containers);
    return [
      daemonSet.metadata.name,
      status.desiredNumberScheduled ?? 0,
      status.currentNumberScheduled ?? 0,
      status.numberReady ?? 0,
      status.updatedNumberScheduled ?? 0,
      status.numberAvailable ?? 0,
      formatLabels(daemonSet.spec?.template?.spec?.nodeSelector),
      timeSince(daemonSet.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(daemonSet.spec?.selector),
    ];
  },
};

/** StatefulSets. */
export const statefulSetPrinter: Printer<PrintedStatefulSet> = {
  columns: [NAME_COLUMN, column('Ready', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(statefulSet, now) {
    const [names, images] = containerCells(statefulSet.spec?.template?.spec?.containers);
    return [
      statefulSet.metadata.name,
      `${statefulSet.status?.readyReplicas ?? 0}/${desired(statefulSet.spec?.replicas)}`,
      timeSince(statefulSet.metadata.creationTimestamp, now),
      names,
      images,
    ];
  },
};
