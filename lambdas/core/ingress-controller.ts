/**
 * The ingress controller: a simulated ingress-nginx (the controller `k8s.io/ingress-nginx`),
 * installed with the cluster as a managed add-on is, and acting for every IngressClass whose
 * spec.controller names it. A new cluster has no such class: creating one (the `nginx` class of
 * ingress-nginx's manifest) is what installing the controller takes here, so the default
 * cluster's snapshot stays as it was. The controller watches the Ingresses of its classes (and
 * none without a class, as ingress-nginx without --watch-ingress-without-class), says `Sync
 * Scheduled for sync` for each new or changed one, and gives it the address of the controller's
 * LoadBalancer Service: one ELB hostname per class, as every Ingress of an ingress-nginx shares its
 * Service's. Traffic to that address is routed by ingress-routing.ts.
 */
import { loadBalancerHostname } from './cloud-controller.ts';
import { fnv1a32 } from './container-runtime/hash.ts';
import type { Controller, ReconcileContext } from './controller.ts';
import { NO_KEYS } from './controller.ts';
import { objectKey } from './etcd.ts';
import type { Etcd } from './etcd.ts';
import { INGRESS_CLASS_ANNOTATION, NGINX_CONTROLLER, ingressClassOf } from './ingress-classes.ts';
import type { Ingress, IngressClass } from './objects.ts';

/** The event source of ingress-nginx's events. */
export const INGRESS_CONTROLLER_SOURCE = 'nginx-ingress-controller';

/** The class of `ingress` when the simulated controller serves it. */
export function servedClass(etcd: Etcd, ingress: Ingress): IngressClass | undefined {
  const name = ingressClassOf(ingress);
  const ingressClass = name === undefined ? undefined : etcd.get<IngressClass>('IngressClass', undefined, name);
  return ingressClass?.spec?.controller === NGINX_CONTROLLER ? ingressClass : undefined;
}

/**
 * The address every Ingress of a class gets: its controller Service's ELB hostname, from the class's
 * uid, in the cluster's region (the cloud's records; absent: the kubeadm flavour's).
 */
export function ingressAddress(ingressClass: IngressClass, region?: string): string {
  const uid = ingressClass.metadata.uid;
  return loadBalancerHostname(uid, String(1_000_000_000 + (fnv1a32(uid) % 1_000_000_000)).slice(-10), region);
}

/** Whether `address` is the class's controller's, in whichever region: the ELB's name before the region is the class's own. */
export function isIngressAddress(ingressClass: IngressClass, address: string): boolean {
  const name = (hostname: string) => hostname.toLowerCase().split('.')[0];
  return address.toLowerCase().endsWith('.elb.amazonaws.com') && name(ingressAddress(ingressClass)) === name(address);
}

const keyOf = (ingress: Ingress) => objectKey('Ingress', ingress.metadata.namespace, ingress.metadata.name);
const classChanged = (a: Ingress, b: Ingress) => ingressClassOf(a) !== ingressClassOf(b) || a.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] !== b.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];

export const ingressController: Controller = {
  name: INGRESS_CONTROLLER_SOURCE,
  // The seed's anatomy has no box for an add-on; its work is the network's, beside kube-proxy's.
  component: 'kube-proxy',
  watches: [
    {
      // A new Ingress, a changed spec or class: not the controller's own status writes.
      kind: 'Ingress',
      keys: (change) => {
        if (change.type === 'DELETED') return NO_KEYS;
        const now = change.object as Ingress;
        const old = change.old as Ingress | undefined;
        if (old && old.metadata.generation === now.metadata.generation && !classChanged(old, now)) return NO_KEYS;
        return [change.key];
      },
    },
    {
      // A class made, changed or gone: its Ingresses are the controller's, or no longer.
      kind: 'IngressClass',
      keys: (change, etcd) => {
        const name = change.object.metadata.name;
        const ingresses = etcd.list<Ingress>('Ingress').filter((ingress) => ingressClassOf(ingress) === name);
        return ingresses.length === 0 ? NO_KEYS : ingresses.map(keyOf);
      },
    },
  ],
  reconcile(key, ctx) {
    const ingress = ctx.etcd.getByKey<Ingress>(key);
    if (!ingress || ingress.metadata.deletionTimestamp) return;
    const ingressClass = servedClass(ctx.etcd, ingress);
    const current = ingress.status?.loadBalancer?.ingress ?? [];
    if (!ingressClass) {
      // No longer ours (its class changed or went): ingress-nginx takes its address back.
      if (current.length > 0 && current.every((entry) => entry.hostname?.endsWith('.elb.amazonaws.com'))) release(ingress, ctx);
      return;
    }
    ctx.event({ involved: ingress, type: 'Normal', reason: 'Sync', message: 'Scheduled for sync' });
    const hostname = ingressAddress(ingressClass, ctx.cloud.region);
    if (current.length === 1 && current[0]?.hostname === hostname) return;
    const result = ctx.update({ ...ingress, status: { ...ingress.status, loadBalancer: { ingress: [{ hostname }] } } });
    // ingress-nginx syncs again once its status update is seen.
    ctx.event({ involved: result.ok ? result.object : ingress, type: 'Normal', reason: 'Sync', message: 'Scheduled for sync' });
  },
};

function release(ingress: Ingress, ctx: ReconcileContext): void {
  ctx.update({ ...ingress, status: { ...ingress.status, loadBalancer: {} } });
}
