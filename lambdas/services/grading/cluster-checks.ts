/**
 * The built-in check kinds over a learner's cluster. Each is a pure function of the cluster's
 * objects (read through etcd, never changed) that says whether the step is done and, if not,
 * what is missing in words a learner can act on. Checks look for *any* object that does the
 * job, so a learner who named things differently from the instructions still passes.
 */
import type { Cluster } from '#core/cluster.ts';
import { REVISION } from '#core/controller-manager/deployment.ts';
import type { Etcd } from '#core/etcd.ts';
import { mapSelects } from '#core/labels.ts';
import type { Deployment, KubeObject, Pod, Service } from '#core/objects.ts';
import { controllerOf, isActive, isReady } from '#core/pods.ts';
import type { Check, Select } from './exercise-schema.ts';
import { evaluateExpression, selectObjects } from './expressions.ts';
import { ingressRoutes } from './ingress-checks.ts';
import { hpaScaled } from './hpa-checks.ts';
import { cronJobScheduled, jobCompleted } from './job-checks.ts';
import { networkPolicyIsolates } from './network-checks.ts';
import { rbacAllows } from './rbac-checks.ts';
import { claimBound, statefulSetReady } from './stateful-checks.ts';
import { describeWorkload, findDeployments, isTerminating, labelText, misfit, nameList, plural, podPorts, podsOf, sameImage } from './workloads.ts';

/** What one check found. */
export interface Finding {
  readonly passed: boolean;
  readonly message: string;
}

type ClusterCheck = Exclude<Check, { type: 'multipleChoice' | 'shortAnswer' }>;

/** Evaluates one cluster check. */
export function evaluateClusterCheck(check: ClusterCheck, cluster: Cluster): Finding {
  const etcd = cluster.etcd;
  switch (check.type) {
    case 'deploymentAvailable':
      return overDeployments(etcd, check.workload, (d) => deploymentAvailable(d, check.replicas));
    case 'serviceExposes':
      return serviceExposes(etcd, check);
    case 'podsSpread':
      return overDeployments(etcd, check.workload, (d) => podsSpread(etcd, d, check.minNodes));
    case 'noPodsOnNode':
      return noPodsOnNode(etcd, check);
    case 'containerImage':
      return overDeployments(etcd, check.workload, (d) => containerImage(etcd, d, check.image, check.container));
    case 'rolloutHappened':
      return overDeployments(etcd, check.workload, (d) => rolloutHappened(d, check.minRevision));
    case 'objectAbsent':
      return objectAbsent(etcd, check.select);
    case 'jobCompleted':
      return jobCompleted(etcd, check);
    case 'cronJobScheduled':
      return cronJobScheduled(etcd, check, cluster.now);
    case 'statefulSetReady':
      return statefulSetReady(etcd, check);
    case 'claimBound':
      return claimBound(etcd, check);
    case 'ingressRoutes':
      return ingressRoutes(etcd, check);
    case 'networkPolicyIsolates':
      return networkPolicyIsolates(etcd, check);
    case 'hpaScaled':
      return hpaScaled(cluster, check);
    case 'namespaceEmpty':
      return namespaceEmpty(etcd, check.namespace);
    case 'rbacAllows':
      return rbacAllows(etcd, check);
    case 'expression':
      return evaluateExpression(etcd, check);
  }
}

/** Passes if any fitting Deployment passes; otherwise explains the first one's shortfall. */
function overDeployments(etcd: Etcd, workload: Parameters<typeof findDeployments>[1], evaluate: (d: Deployment) => Finding): Finding {
  const candidates = findDeployments(etcd, workload);
  if (candidates.length === 0) {
    const others = etcd.list<Deployment>('Deployment', workload.namespace).filter((d) => !isTerminating(d));
    const found = others.length > 0 ? ` (found ${others.map((d) => `Deployment "${d.metadata.name}": ${misfit(d, workload) ?? 'it does not fit'}`).join('; ')})` : '';
    return { passed: false, message: `there is no ${describeWorkload(workload)}${found}` };
  }
  let first: Finding | undefined;
  for (const deployment of candidates) {
    const finding = evaluate(deployment);
    if (finding.passed) return finding;
    first ??= finding;
  }
  return first as Finding;
}

function deploymentAvailable(deployment: Deployment, replicas: number): Finding {
  const name = `Deployment "${deployment.metadata.name}"`;
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  if (wanted !== replicas) return { passed: false, message: `${name} asks for ${wanted} ${plural(wanted, 'replica')}; this step needs ${replicas}` };
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  if (ready < replicas || available < replicas) {
    return { passed: false, message: `${name} has ${Math.min(ready, available)} of ${replicas} ${plural(replicas, 'replica')} ready and available; see why with kubectl get pods and kubectl describe pod` };
  }
  if (updated < replicas) return { passed: false, message: `${name} is still rolling out: ${updated} of ${replicas} replicas are up to date` };
  return { passed: true, message: `${name} has ${replicas} ready ${plural(replicas, 'replica')}` };
}

function serviceExposes(etcd: Etcd, check: Extract<Check, { type: 'serviceExposes' }>): Finding {
  const services = etcd.list<Service>('Service', check.namespace).filter((s) => !isTerminating(s) && s.spec?.selector);
  const typed = services.filter((s) => check.serviceType === undefined || (s.spec?.type ?? 'ClusterIP') === check.serviceType);
  const kind = check.serviceType ? `Service of type ${check.serviceType}` : 'Service with a selector';
  if (typed.length === 0) {
    const found = services.map((s) => `"${s.metadata.name}" (${s.spec?.type ?? 'ClusterIP'})`).join(', ');
    return { passed: false, message: `there is no ${kind} in namespace "${check.namespace}"${found ? `; found ${found}` : ''}` };
  }
  const deployments = findDeployments(etcd, check.selects);
  if (deployments.length === 0) return { passed: false, message: `there is no ${describeWorkload(check.selects)} for a Service to select` };
  let first: Finding | undefined;
  for (const service of typed) {
    for (const deployment of deployments) {
      const finding = serviceFor(service, deployment, check.ports, check.externalAddress);
      if (finding.passed) return finding;
      first ??= finding;
    }
  }
  return first as Finding;
}

function serviceFor(service: Service, deployment: Deployment, ports: readonly number[], externalAddress: boolean): Finding {
  const name = `Service "${service.metadata.name}"`;
  const template = deployment.spec?.template;
  const podLabels = template?.metadata?.labels;
  if (!mapSelects(service.spec?.selector, podLabels)) {
    return {
      passed: false,
      message: `${name} selects ${labelText(service.spec?.selector)}, which does not match the pods of Deployment "${deployment.metadata.name}" (labelled ${labelText(podLabels)})`,
    };
  }
  const exposed = service.spec?.ports ?? [];
  const missing = ports.filter((port) => !exposed.some((p) => p.port === port));
  if (missing.length > 0) {
    return { passed: false, message: `${name} does not expose ${plural(missing.length, 'port')} ${missing.join(', ')} (it exposes ${exposed.map((p) => p.port).join(', ') || 'none'})` };
  }
  const containers = template?.spec.containers ?? [];
  const declared = containers.flatMap((c) => c.ports ?? []);
  const listening = podPorts(deployment);
  for (const port of ports) {
    const target = exposed.find((p) => p.port === port)?.targetPort ?? port;
    // A container need not declare the ports it listens on (a learner's own image gets the benefit of the doubt); a named targetPort must resolve, though.
    const reaches = typeof target === 'string' ? declared.some((p) => p.name === target) : listening.unknown || listening.ports.has(target);
    if (!reaches) {
      return { passed: false, message: `${name} sends port ${port} to targetPort ${target}, which no container of Deployment "${deployment.metadata.name}" listens on` };
    }
  }
  const ingress = service.status?.loadBalancer.ingress?.[0];
  const address = ingress?.hostname ?? ingress?.ip;
  if (externalAddress && !address) {
    return { passed: false, message: `${name} has no external address yet: the cloud controller is still provisioning its load balancer, or the Service is not of type LoadBalancer` };
  }
  const where = address ? `; external address ${address}` : '';
  return { passed: true, message: `${name} exposes ${ports.join(', ')} and selects the pods of Deployment "${deployment.metadata.name}"${where}` };
}

function podsSpread(etcd: Etcd, deployment: Deployment, minNodes: number): Finding {
  const ready = podsOf(etcd, deployment).filter((pod) => isReady(pod) && pod.spec?.nodeName);
  const nodes = [...new Set(ready.map((pod) => pod.spec?.nodeName as string))].sort();
  const name = `Deployment "${deployment.metadata.name}"`;
  if (nodes.length >= minNodes) return { passed: true, message: `the ready pods of ${name} run on ${nodes.length} nodes (${nodes.join(', ')})` };
  const on = nodes.length > 0 ? ` (${nodes.join(', ')})` : '';
  return { passed: false, message: `the ready pods of ${name} run on ${nodes.length} ${plural(nodes.length, 'node')}${on}; they should be spread over at least ${minNodes}` };
}

function noPodsOnNode(etcd: Etcd, check: Extract<Check, { type: 'noPodsOnNode' }>): Finding {
  if (!etcd.get('Node', undefined, check.node)) return { passed: true, message: `there is no node "${check.node}", so nothing runs on it` };
  let pods = etcd.podsOn(check.node).filter(isActive);
  if (check.workload) {
    const owned = new Set(findDeployments(etcd, check.workload).flatMap((d) => podsOf(etcd, d)).map((p) => p.metadata.uid));
    pods = pods.filter((pod) => owned.has(pod.metadata.uid));
  } else {
    // What belongs on every node stays: DaemonSet pods (kube-proxy) and static control-plane pods.
    pods = pods.filter((pod) => !['DaemonSet', 'Node'].includes(controllerOf(pod)?.kind ?? ''));
  }
  if (pods.length === 0) return { passed: true, message: `no pods${check.workload ? ` of the ${describeWorkload(check.workload)}` : ''} run on node "${check.node}"` };
  return { passed: false, message: `${pods.length} ${plural(pods.length, 'pod')} still ${pods.length === 1 ? 'runs' : 'run'} on node "${check.node}": ${nameList(pods)}` };
}

function containerImage(etcd: Etcd, deployment: Deployment, image: string, containerName: string | undefined): Finding {
  const name = `Deployment "${deployment.metadata.name}"`;
  const containers = deployment.spec?.template.spec.containers ?? [];
  const candidates = containerName === undefined ? containers : containers.filter((c) => c.name === containerName);
  if (candidates.length === 0) {
    return { passed: false, message: `${name} has no container "${containerName}" (its containers: ${containers.map((c) => c.name).join(', ')})` };
  }
  const container = candidates.find((c) => sameImage(c.image, image));
  if (!container) {
    const now = candidates.map((c) => `${c.name}: ${c.image}`).join(', ');
    return { passed: false, message: `${name} should run image ${image}, but its template says ${now}` };
  }
  const pods = podsOf(etcd, deployment);
  const stale = pods.filter((pod: Pod) => !pod.spec?.containers.some((c) => c.name === container.name && sameImage(c.image, image)));
  if (stale.length > 0) {
    return { passed: false, message: `${stale.length} of ${pods.length} pods of ${name} still run another image than ${image}: ${nameList(stale)}; wait for the rollout to finish` };
  }
  return { passed: true, message: `${name} runs ${image} in container "${container.name}"` };
}

function rolloutHappened(deployment: Deployment, minRevision: number): Finding {
  const revision = Number(deployment.metadata.annotations?.[REVISION] ?? 0);
  const name = `Deployment "${deployment.metadata.name}"`;
  if (revision >= minRevision) return { passed: true, message: `${name} is at revision ${revision}` };
  return { passed: false, message: `${name} is at revision ${revision}; roll out a change so it reaches revision ${minRevision} (see kubectl rollout history)` };
}

function objectAbsent(etcd: Etcd, select: Select): Finding {
  const left = selectObjects(etcd, select).filter((o: KubeObject) => !isTerminating(o));
  const what = `${select.kind}${select.name ? ` "${select.name}"` : ''}${select.labels ? ` labelled ${labelText(select.labels)}` : ''}`;
  const where = select.namespace ? ` in namespace "${select.namespace}"` : '';
  if (left.length === 0) return { passed: true, message: `no ${what}${where} is left` };
  return { passed: false, message: `${what}${where} still exists: ${nameList(left)}; delete it with kubectl delete` };
}

/** Kinds a learner creates; what Kubernetes keeps in every namespace is not counted. */
const LEARNER_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Service', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'];

function namespaceEmpty(etcd: Etcd, namespace: string): Finding {
  const left = LEARNER_KINDS.flatMap((kind) => etcd.list(kind, namespace)).filter((object) => {
    if (isTerminating(object)) return false;
    if (object.kind === 'Service' && namespace === 'default' && object.metadata.name === 'kubernetes') return false;
    if (object.kind === 'ConfigMap' && object.metadata.name === 'kube-root-ca.crt') return false;
    return true;
  });
  if (left.length === 0) return { passed: true, message: `nothing is left in namespace "${namespace}"` };
  const shown = left.slice(0, 8).map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}`).join(', ');
  return { passed: false, message: `${left.length} ${plural(left.length, 'object')} left in namespace "${namespace}": ${shown}${left.length > 8 ? ', ...' : ''}` };
}
