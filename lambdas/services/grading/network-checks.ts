/**
 * A NetworkPolicy isolates a workload: only pods labelled Y (or the pods of namespace Z) reach its
 * pods on port P. Checked as the cluster's network policy agent would decide it
 * (#core/network-policy.ts), by sending sample connections to each of the workload's running pods:
 * from a pod that should get through, and from those that should not (a pod of the same namespace
 * without the labels, a pod with the labels in another namespace, and the web terminal outside
 * the cluster). The samples are not created: the agent is asked what it would do with them.
 */
import type { Etcd } from '#core/etcd.ts';
import { TERMINAL_ADDRESS, decide, isolating, verdictText } from '#core/network-policy.ts';
import type { Deployment, Pod } from '#core/objects.ts';
import type { Finding } from './cluster-checks.ts';
import type { Check } from './exercise-schema.ts';
import { andList, describeWorkload, findDeployments, labelText, podsOf } from './workloads.ts';

type IsolationCheck = Extract<Check, { type: 'networkPolicyIsolates' }>;

/** A sample client: a pod that is not created, or the terminal outside the cluster. */
interface Sample {
  readonly what: string;
  readonly from: { readonly pod: Pod } | { readonly ip: string };
}

/** Where the denied pod with the allowed labels lives when no other namespace is named. */
const OTHER_NAMESPACE = 'kubelab-sample';

function samplePod(name: string, namespace: string, labels: Readonly<Record<string, string>>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid: `sample-${name}`, resourceVersion: '', creationTimestamp: '', labels }, spec: { containers: [{ name: 'client', image: 'busybox' }] }, status: { phase: 'Running', podIP: '10.244.250.9' } } as Pod;
}

const podWords = (labels: Readonly<Record<string, string>>, namespace: string) => `a pod ${Object.keys(labels).length > 0 ? `labelled ${labelText(labels)}` : 'without labels'} in namespace "${namespace}"`;

/** The samples that must get through and those that must not. */
function samples(check: IsolationCheck): { allowed: Sample; denied: Sample[] } {
  const home = check.workload.namespace;
  const labels = check.allowFrom.podLabels ?? {};
  const labelled = Object.keys(labels).length > 0;
  const namespace = check.allowFrom.namespace ?? home;
  const sample = (name: string, ns: string, podLabels: Readonly<Record<string, string>>): Sample => ({ what: podWords(podLabels, ns), from: { pod: samplePod(name, ns, podLabels) } });
  const denied: Sample[] = [];
  // Pods without the labels: beside the workload, and in the allowed namespace when it is another.
  if (labelled || namespace !== home) denied.push(sample('intruder', home, { run: 'intruder' }));
  if (labelled && namespace !== home) denied.push(sample('unlabelled', namespace, { run: 'intruder' }));
  // The allowed labels in a namespace that is not the allowed one.
  if (namespace === home) denied.push(sample('elsewhere', OTHER_NAMESPACE, labels));
  else if (labelled) denied.push(sample('elsewhere', home, labels));
  denied.push({ what: `the web terminal outside the cluster (${TERMINAL_ADDRESS})`, from: { ip: TERMINAL_ADDRESS } });
  return { allowed: sample('allowed', namespace, labels), denied };
}

/** The workload's running pods with an address, each reached on the port by every sample as the check says. */
export function networkPolicyIsolates(etcd: Etcd, check: IsolationCheck): Finding {
  const deployments = findDeployments(etcd, check.workload);
  if (deployments.length === 0) return { passed: false, message: `there is no ${describeWorkload(check.workload)}` };
  let first: Finding | undefined;
  for (const deployment of deployments) {
    const finding = isolation(etcd, deployment, check);
    if (finding.passed) return finding;
    first ??= finding;
  }
  return first as Finding;
}

function isolation(etcd: Etcd, deployment: Deployment, check: IsolationCheck): Finding {
  const name = `Deployment "${deployment.metadata.name}"`;
  const pods = podsOf(etcd, deployment).filter((pod) => pod.status?.phase === 'Running' && pod.status.podIP);
  if (pods.length === 0) return { passed: false, message: `${name} has no running pod to send traffic to yet` };
  const { allowed, denied } = samples(check);
  const port = check.port;
  for (const pod of pods) {
    const verdict = decide(etcd, { from: allowed.from, to: { pod }, port });
    if (!verdict.allowed) return { passed: false, message: `${allowed.what} cannot reach pod ${pod.metadata.name} of ${name} on port ${port}: it would be ${verdictText(verdict)}` };
  }
  for (const sample of denied) {
    for (const pod of pods) {
      if (!decide(etcd, { from: sample.from, to: { pod }, port }).allowed) continue;
      const policies = isolating(etcd, pod, 'ingress').map((p) => p.metadata.name);
      const why =
        policies.length === 0
          ? `no NetworkPolicy selects it for ingress (write one whose podSelector matches ${labelText(pod.metadata.labels)})`
          : `the ingress rules of ${policies.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'} ${andList(policies.map((p) => `"${p}"`))} let it in`;
      return { passed: false, message: `${sample.what} still reaches pod ${pod.metadata.name} of ${name} on port ${port}: ${why}` };
    }
  }
  return { passed: true, message: `${name}'s pods are reached on port ${port} by ${allowed.what}, and not by ${andList(denied.map((s) => s.what))}` };
}
