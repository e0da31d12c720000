/**
 * The cloud controller ("communicates with the cloud provider about nodes, IP addresses and load
 * balancers"), as AWS's cloud-controller-manager runs its service controller: a LoadBalancer
 * Service gets the cleanup finalizer and, after a short provisioning delay, an ELB hostname
 * (`a<uid>-<digits>.<region>.elb.amazonaws.com`, the cluster's region) in status.loadBalancer.ingress. A Service that
 * stops being a LoadBalancer, or is deleted, has its load balancer removed first: a deleted one
 * stays (Terminating, with a deletionTimestamp) until the controller releases its finalizer.
 */
import type { Controller, ReconcileContext } from './controller.ts';
import type { Deployment, Service } from './objects.ts';
import { KUBEADM_REGION } from './flavours.ts';
import { realAddressOf } from './real-tasks.ts';

/** The finalizer that keeps a LoadBalancer Service until its load balancer is gone. */
export const LB_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

/** The service controller of the cloud-controller-manager (events from `service-controller`). */
export const cloudController: Controller = {
  name: 'service-controller',
  component: 'cloud-controller',
  watches: [{ kind: 'Service' }],
  reconcile(key, ctx) {
    const service = ctx.etcd.getByKey<Service>(key);
    if (!service) return;
    const wanted = service.spec?.type === 'LoadBalancer' && !service.metadata.deletionTimestamp;
    if (!wanted) return removeLoadBalancer(service, ctx);
    const ingress = service.status?.loadBalancer.ingress ?? [];
    const real = realAddressOf(service, ctx.cloud, ctx.etcd.list<Deployment>('Deployment', service.metadata.namespace));
    if (real) return routeToRealTask(service, real, ctx);
    // A real task ended: the Service goes back to a load balancer of the simulated cloud.
    if (ingress.some((entry) => entry.ip)) {
      const cleared = ctx.update({ ...service, status: { ...service.status, loadBalancer: {} } });
      return ensureLoadBalancer(cleared.ok ? (cleared.object as Service) : service, key, ctx);
    }
    if (ingress.length > 0) {
      delete ctx.cloud.loadBalancers[service.metadata.uid];
      return;
    }
    ensureLoadBalancer(service, key, ctx);
  },
};

/** The Service's external address becomes the real task's (real-tasks.ts). */
function routeToRealTask(service: Service, real: { readonly address: string; readonly deployment: string }, ctx: ReconcileContext): void {
  const ingress = service.status?.loadBalancer.ingress ?? [];
  if (ingress.length === 1 && ingress[0]?.ip === real.address) return;
  delete ctx.cloud.loadBalancers[service.metadata.uid];
  const finalizers = [...(service.metadata.finalizers ?? []), ...(hasFinalizer(service) ? [] : [LB_CLEANUP_FINALIZER])];
  const result = ctx.update({ ...service, metadata: { ...service.metadata, finalizers }, status: { ...service.status, loadBalancer: { ingress: [{ ip: real.address }] } } });
  ctx.event({ involved: result.ok ? result.object : service, type: 'Normal', reason: 'EnsuredLoadBalancer', message: `Ensured load balancer: it forwards to the real task of deployment ${JSON.stringify(real.deployment)} on AWS Fargate at ${real.address}` });
}

function hasFinalizer(service: Service): boolean {
  return service.metadata.finalizers?.includes(LB_CLEANUP_FINALIZER) ?? false;
}

/** The ELB's DNS name: "a" and the Service's uid make its name, the cloud adds a number and its region. */
export function loadBalancerHostname(uid: string, digits: string, region = KUBEADM_REGION): string {
  return `${`a${uid.replace(/-/g, '')}`.slice(0, 32)}-${digits}.${region}.elb.amazonaws.com`;
}

function ensureLoadBalancer(service: Service, key: string, ctx: ReconcileContext): void {
  const uid = service.metadata.uid;
  const requested = ctx.cloud.loadBalancers[uid];
  if (requested === undefined) {
    ctx.cloud.loadBalancers[uid] = ctx.now;
    const finalizers = [...(service.metadata.finalizers ?? []), ...(hasFinalizer(service) ? [] : [LB_CLEANUP_FINALIZER])];
    const result = ctx.update({ ...service, metadata: { ...service.metadata, finalizers } });
    ctx.event({ involved: result.ok ? result.object : service, type: 'Normal', reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer' });
    ctx.after(ctx.timings.loadBalancerProvisionMs, key);
    return;
  }
  if (ctx.now < requested + ctx.timings.loadBalancerProvisionMs / ctx.speed) return;
  delete ctx.cloud.loadBalancers[uid];
  const digits = String(1_000_000_000 + ctx.random.nextInt(1_000_000_000)).slice(-10);
  const hostname = loadBalancerHostname(uid, digits, ctx.cloud.region);
  ctx.update({ ...service, status: { ...service.status, loadBalancer: { ingress: [{ hostname }] } } });
  ctx.event({ involved: service, type: 'Normal', reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer' });
}

/** Tears the load balancer down (if there is one), then releases the Service. */
function removeLoadBalancer(service: Service, ctx: ReconcileContext): void {
  const provisioned = (service.status?.loadBalancer.ingress ?? []).length > 0;
  const pending = ctx.cloud.loadBalancers[service.metadata.uid] !== undefined;
  // A deleted Service is ours to clean up only while it carries our finalizer (once released, another may hold it).
  if (service.metadata.deletionTimestamp ? !hasFinalizer(service) : !provisioned && !pending && !hasFinalizer(service)) return;
  delete ctx.cloud.loadBalancers[service.metadata.uid];
  ctx.event({ involved: service, type: 'Normal', reason: 'DeletingLoadBalancer', message: 'Deleting load balancer' });
  const finalizers = (service.metadata.finalizers ?? []).filter((f) => f !== LB_CLEANUP_FINALIZER);
  const { finalizers: _old, ...metadata } = service.metadata;
  const released = { ...service, metadata: finalizers.length ? { ...metadata, finalizers } : metadata };
  // A deleted Service goes with its last finalizer (unless another holds it); one that stopped being a LoadBalancer loses its address.
  ctx.update(service.metadata.deletionTimestamp ? released : { ...released, status: { ...service.status, loadBalancer: {} } });
  ctx.event({ involved: service, type: 'Normal', reason: 'DeletedLoadBalancer', message: 'Deleted load balancer' });
}
