/**
 * Service (pkg/registry/core/service): its name is a DNS-1035 label; defaulting fills type,
 * protocols, target ports and traffic policies; the storage keeps clusterIP and clusterIPs in
 * step, carries allocated values over on update, fills the IP family fields, and allocates cluster
 * IPs and node ports from what the other services hold. A delete answers with the service.
 */
import type { Cluster } from '../../../cluster.ts';
import { EKS_SERVICE_CIDR } from '../../../flavours.ts';
import type { Service } from '../../../objects.ts';
import { DEFAULT_SERVICE_RANGES, type ServiceRanges } from '../../allocation.ts';
import { nameIsDNS1035Label } from '../../names.ts';
import { allocateService, dropTypeDependentFields, initIPFamilyFields, normalizeClusterIPs, patchAllocatedValues } from '../../service-allocation.ts';
import { type KubeStatus, internalErrorStatus, invalidStatus } from '../../status.ts';
import { externallyAccessible, validateServiceSpec, validateServiceUpdate } from '../../validate-service.ts';
import { type WireObject, type WireServiceSpec, isObject, isWireServiceSpec, listOf } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const specOf = (service: WireObject): WireServiceSpec => (isWireServiceSpec(service.spec) ? service.spec : {});

// SetDefaults_Service.
function defaultService(spec: WireServiceSpec): void {
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && typeof spec.sessionAffinityConfig?.clientIP?.timeoutSeconds !== 'number') {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const port of listOf(spec.ports)) {
    if (!isObject(port)) continue;
    if (!port.protocol) port.protocol = 'TCP';
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (!spec.internalTrafficPolicy && (spec.type === 'ClusterIP' || spec.type === 'NodePort' || spec.type === 'LoadBalancer')) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && typeof spec.allocateLoadBalancerNodePorts !== 'boolean') spec.allocateLoadBalancerNodePorts = true;
}

function usedServiceAddresses(cluster: Cluster, except?: string): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const service of cluster.etcd.list<Service>('Service')) {
    if (service.metadata.uid === except) continue;
    for (const ip of service.spec?.clusterIPs ?? (service.spec?.clusterIP ? [service.spec.clusterIP] : [])) if (ip !== 'None') ips.add(ip);
    for (const port of service.spec?.ports ?? []) if (port.nodePort) ports.add(port.nodePort);
    const health = (service.spec as { healthCheckNodePort?: number } | undefined)?.healthCheckNodePort;
    if (health) ports.add(health);
  }
  return { ips, ports };
}

/** An eks cluster's Services take their addresses from EKS's range; a kubeadm cluster's from kube-apiserver's default. */
function flavourRanges(cluster: Cluster): { ranges?: ServiceRanges } {
  return cluster.flavour === 'eks' ? { ranges: { ...DEFAULT_SERVICE_RANGES, serviceCIDR: EKS_SERVICE_CIDR } } : {};
}

function allocate(cluster: Cluster, service: WireObject, old?: WireObject): KubeStatus | undefined {
  const used = usedServiceAddresses(cluster, old?.metadata.uid);
  const result = allocateService(specOf(service), old ? specOf(old) : undefined, { random: cluster.randomSource, usedClusterIPs: used.ips, usedNodePorts: used.ports, ...flavourRanges(cluster) });
  if (result.ok) return undefined;
  return 'causes' in result ? invalidStatus('Service', '', service.metadata.name ?? '', result.causes) : internalErrorStatus(result.internalError);
}

export const serviceStrategy: ResourceStrategy = {
  nameRule: nameIsDNS1035Label,
  hasSpec: true,
  defaults: (service) => {
    if (isWireServiceSpec(service.spec)) defaultService(service.spec);
  },
  prepareForCreate: (service) => {
    service.status = { loadBalancer: {} };
    normalizeClusterIPs(specOf(service));
  },
  beginCreate: (service) => initIPFamilyFields(specOf(service)),
  beginUpdate: (service, old) => {
    const next = specOf(service);
    const prev = specOf(old);
    normalizeClusterIPs(next, prev);
    patchAllocatedValues(next, prev);
    dropTypeDependentFields(next, prev);
    return initIPFamilyFields(next);
  },
  validate: (service) => validateServiceSpec(specOf(service)),
  validateUpdate: (service, old) => validateServiceUpdate(specOf(service), specOf(old)),
  allocate,
  returnDeletedObject: true,
  zeroObject: () => ({ metadata: {}, spec: {}, status: { loadBalancer: {} } }),
};
