/**
 * The NetworkPolicies lane of the live picture: each policy with the pods it selects (pointing at
 * it brings them forward), and in words what it lets in and out, a rule a line; a direction it
 * isolates with no rule is a default deny. The Service card marks the endpoints the web
 * terminal's requests are dropped at with these policies' names (DroppedMark), and a pod a policy
 * selects carries a mark naming it (PolicyShield).
 */
import type { ClusterView, ViewNetworkPolicy, ViewPod, ViewService } from '../api.ts';
import { describeObject } from './anatomy.ts';
import type { Describing } from './DescribeDialog.tsx';

interface Props {
  readonly policies: readonly ViewNetworkPolicy[];
  readonly onDescribe: (describing: Describing) => void;
  /** Brings the given `namespace/name` pods forward (undefined: none). */
  readonly relate: (keys: ReadonlySet<string> | undefined) => void;
}

/** The words for one direction: who may connect, or a default deny. */
export function directionText(rules: readonly string[] | undefined, way: 'in' | 'out'): string {
  if (rules === undefined) return `${way}: not isolated`;
  if (rules.length === 0) return `${way}: nothing (default deny)`;
  return `${way}: ${rules.join('; ')}`;
}

/** The lane: one card per policy. */
export function NetworkPolicies({ policies, onDescribe, relate }: Props) {
  return (
    <section class="workloads network-policies" aria-label="NetworkPolicies">
      <h3 class="lane">NetworkPolicies → the pods they isolate</h3>
      <ul class="workload-list">
        {policies.map((policy) => {
          const on = () => relate(new Set(policy.pods.map((name) => `${policy.namespace}/${name}`)));
          const off = () => relate(undefined);
          const selects = `${policy.podSelector || 'every pod'} · ${policy.pods.length} ${policy.pods.length === 1 ? 'pod' : 'pods'}`;
          return (
            <li key={`${policy.namespace}/${policy.name}`} class="workload netpol" style={{ '--app': 'var(--fail)' }}>
              <button
                type="button"
                class="workload-row"
                data-kind="networkpolicy"
                data-name={policy.name}
                data-namespace={policy.namespace}
                aria-label={`NetworkPolicy ${policy.namespace}/${policy.name}: selects ${selects}. Describe`}
                onMouseEnter={on}
                onMouseLeave={off}
                onFocus={on}
                onBlur={off}
                onClick={() => onDescribe(describeObject('NetworkPolicy', policy.name, policy.namespace))}
              >
                <span class="workload-kind">NetPol</span>
                <span class="workload-name">{policy.name}</span>
                <span class="workload-count">{selects}</span>
              </button>
              <ul class="netpol-rules">
                <li class={`netpol-direction ingress${policy.ingress?.length === 0 ? ' deny' : ''}`} data-direction="ingress">{directionText(policy.ingress, 'in')}</li>
                <li class={`netpol-direction egress${policy.egress?.length === 0 ? ' deny' : ''}`} data-direction="egress">{directionText(policy.egress, 'out')}</li>
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Under a Service: the terminal's requests to some of its pods are dropped, by which policies. */
export function DroppedMark({ service }: { service: ViewService }) {
  const dropped = service.dropped;
  if (!dropped) return null;
  const all = dropped.pods.length === service.endpoints.length;
  const names = dropped.policies.join(', ');
  return (
    <p class="service-dropped" data-policies={names} title={`curl from the web terminal (outside the cluster) to ${dropped.pods.join(', ')} gets no answer: the packets are dropped, and curl times out`}>
      ✕ curl from outside {all ? '' : `to ${dropped.pods.length} of ${service.endpoints.length} pods `}dropped by {names}
    </p>
  );
}

/** On a pod chip: a `netpol` mark naming the policies that select the pod. */
export function PolicyShield({ pod, view }: { pod: ViewPod; view: ClusterView }) {
  const policies = view.networkPolicies.filter((p) => p.namespace === pod.namespace && p.pods.includes(pod.name)).map((p) => p.name);
  if (policies.length === 0) return null;
  return (
    <span class="pod-netpol" data-policies={policies.join(',')} title={`Selected by NetworkPolicy ${policies.join(', ')}: only what its rules allow gets through`}>
      netpol
    </span>
  );
}
