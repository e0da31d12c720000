/**
 * The components a simulated cluster runs, in the order the engine settles them. Each entry is a
 * Controller from its own module, named as in the seed's anatomy; adding a component is adding
 * one line here. Order matters only for determinism: the API server's writes come first, then
 * the controller manager's, the scheduler's, the cloud controller's and the kubelets'.
 */
import { cloudController } from './cloud-controller.ts';
import type { Controller } from './controller.ts';
import { clusterRoleAggregationController } from './controller-manager/clusterrole-aggregation.ts';
import { cronJobController } from './controller-manager/cronjob.ts';
import { daemonSetController } from './controller-manager/daemonset.ts';
import { deploymentController } from './controller-manager/deployment.ts';
import { disruptionController } from './controller-manager/disruption.ts';
import { endpointsController } from './controller-manager/endpoints.ts';
import { endpointSliceController } from './controller-manager/endpointslice.ts';
import { garbageCollector } from './controller-manager/garbage-collector.ts';
import { horizontalPodAutoscalerController } from './controller-manager/horizontal-pod-autoscaler.ts';
import { jobController } from './controller-manager/job.ts';
import { namespaceController } from './controller-manager/namespace.ts';
import { nodeLifecycleController } from './controller-manager/node-lifecycle.ts';
import { persistentVolumeBinder } from './controller-manager/persistent-volume-binder.ts';
import { pvProtectionController } from './controller-manager/pv-protection.ts';
import { pvcProtectionController } from './controller-manager/pvc-protection.ts';
import { replicaSetController } from './controller-manager/replicaset.ts';
import { resourceQuotaController } from './controller-manager/resource-quota.ts';
import { rootCaPublisher } from './controller-manager/root-ca-publisher.ts';
import { serviceAccountController } from './controller-manager/service-account.ts';
import { statefulSetController } from './controller-manager/statefulset.ts';
import { taintEvictionController } from './controller-manager/taint-eviction.ts';
import { ttlAfterFinishedController } from './controller-manager/ttl-after-finished.ts';
import { csiProvisioner } from './csi-provisioner.ts';
import { ingressController } from './ingress-controller.ts';
import { scheduler } from './scheduler/controller.ts';
import { kubelet } from './kubelet/kubelet.ts';

/** Every component of a cluster, in settle order. */
export const ALL_COMPONENTS: readonly Controller[] = [
  // controller manager
  deploymentController,
  replicaSetController,
  garbageCollector,
  nodeLifecycleController,
  taintEvictionController,
  endpointsController,
  endpointSliceController,
  daemonSetController,
  statefulSetController,
  jobController,
  cronJobController,
  ttlAfterFinishedController,
  disruptionController,
  horizontalPodAutoscalerController,
  persistentVolumeBinder,
  pvcProtectionController,
  pvProtectionController,
  csiProvisioner,
  namespaceController,
  resourceQuotaController,
  serviceAccountController,
  rootCaPublisher,
  clusterRoleAggregationController,
  // scheduler
  scheduler,
  // cloud controller
  cloudController,
  // add-ons
  ingressController,
  // kubelet (every node's)
  kubelet,
];
