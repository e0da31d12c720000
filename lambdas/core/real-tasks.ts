/**
 * "Make it real": a Deployment that also runs as a real task on Fargate. The cloud controller then
 * gives a LoadBalancer Service in front of it the real task's public address as its external
 * address, so the lab's last step — open the EXTERNAL-IP in a browser — reaches the learner's
 * own containers. When the real task ends, the Service gets a simulated load balancer again.
 */
import type { Cluster } from './cluster.ts';
import { keyOf } from './etcd.ts';
import type { CloudState } from './controller.ts';
import type { Deployment, Service } from './objects.ts';

const CLOUD_CONTROLLER = 'service-controller';

/** Records (or, with `address` undefined, forgets) the real task of a Deployment, and lets the cloud controller act on it. */
export function setRealTaskAddress(cluster: Cluster, namespace: string, deployment: string, address: string | undefined): void {
  cluster.advanceTo(cluster.now);
  const cloud = cluster.toSnapshot().cloud;
  const tasks = (cloud.realTasks ??= {});
  const key = `${namespace}/${deployment}`;
  if (tasks[key] === address) return;
  if (address === undefined) delete tasks[key];
  else tasks[key] = address;
  for (const service of cluster.etcd.list<Service>('Service', namespace)) {
    if (service.spec?.type === 'LoadBalancer') cluster.engine.enqueue(CLOUD_CONTROLLER, keyOf(service));
  }
  cluster.engine.settle();
}

/** The real address a Service routes to: that of a Deployment with a real task whose pods its selector picks. */
export function realAddressOf(service: Service, cloud: CloudState, deployments: readonly Deployment[]): { readonly address: string; readonly deployment: string } | undefined {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0 || !cloud.realTasks) return undefined;
  for (const deployment of deployments) {
    const address = cloud.realTasks[`${service.metadata.namespace}/${deployment.metadata.name}`];
    if (!address) continue;
    const labels = deployment.spec?.template.metadata?.labels ?? {};
    if (Object.entries(selector).every(([key, value]) => labels[key] === value)) return { address, deployment: deployment.metadata.name };
  }
  return undefined;
}
