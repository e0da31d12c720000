/** Which printer renders which kind, keyed by `<group>/<Kind>` ('' is the core group). */
import { horizontalPodAutoscalerPrinter } from './autoscaling.ts';
import { cronJobPrinter, jobPrinter } from './batch.ts';
import { componentStatusPrinter, configMapPrinter, eventPrinter, leasePrinter, namespacePrinter, nodePrinter, secretPrinter, serviceAccountPrinter } from './cluster.ts';
import { ingressClassPrinter, ingressPrinter } from './ingress.ts';
import { endpointSlicePrinter, endpointsPrinter, networkPolicyPrinter, servicePrinter } from './networking.ts';
import { podPrinter } from './pods.ts';
import { limitRangePrinter, podDisruptionBudgetPrinter, resourceQuotaPrinter } from './policy.ts';
import { clusterRoleBindingPrinter, roleBindingPrinter, rolePrinter } from './rbac.ts';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage.ts';
import type { Printer } from './table.ts';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workloads.ts';

/** The printers of the kinds the real server has a printer for and Kubelab serves. */
export const PRINTERS: ReadonlyMap<string, Printer> = new Map<string, Printer>([
  ['/Pod', podPrinter as Printer],
  ['/ComponentStatus', componentStatusPrinter as Printer],
  ['/Service', servicePrinter as Printer],
  ['/Endpoints', endpointsPrinter as Printer],
  ['/Node', nodePrinter as Printer],
  ['/Namespace', namespacePrinter as Printer],
  ['/Event', eventPrinter as Printer],
  ['/ConfigMap', configMapPrinter as Printer],
  ['/Secret', secretPrinter as Printer],
  ['/ServiceAccount', serviceAccountPrinter as Printer],
  ['/ResourceQuota', resourceQuotaPrinter as Printer],
  ['/LimitRange', limitRangePrinter as Printer],
  ['/PersistentVolume', persistentVolumePrinter as Printer],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter as Printer],
  ['apps/Deployment', deploymentPrinter as Printer],
  ['apps/ReplicaSet', replicaSetPrinter as Printer],
  ['apps/ControllerRevision', controllerRevisionPrinter as Printer],
  ['apps/DaemonSet', daemonSetPrinter as Printer],
  ['apps/StatefulSet', statefulSetPrinter as Printer],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter as Printer],
  ['batch/Job', jobPrinter as Printer],
  ['batch/CronJob', cronJobPrinter as Printer],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter as Printer],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter as Printer],
  ['networking.k8s.io/Ingress', ingressPrinter as Printer],
  ['networking.k8s.io/IngressClass', ingressClassPrinter as Printer],
  ['rbac.authorization.k8s.io/Role', rolePrinter as Printer],
  ['rbac.authorization.k8s.io/ClusterRole', rolePrinter as Printer],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter as Printer],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter as Printer],
  ['storage.k8s.io/StorageClass', storageClassPrinter as Printer],
  ['coordination.k8s.io/Lease', leasePrinter as Printer],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter as Printer],
]);
