/**
 * The seed's anatomy slide drawn from the live view: Ingresses with the ingress controller's
 * address and their host/path routes in front of the Services they send to, Services with their
 * endpoints and load balancer, the control plane's components, each worker with its kubelet, kube-proxy and container
 * runtime and the pods it runs, the Deployments and ReplicaSets that own them, the CronJobs and
 * Jobs that run pods to completion, the claims with the volumes bound to them, and the namespaces'
 * quotas and limit ranges, with each disruption budget beside the workload it guards, the
 * NetworkPolicies with the pods they isolate (NetworkPolicies.tsx), and the service accounts with
 * what RBAC grants them (binding, role, rules). Every object is
 * a button (describe), carrying data-kind and data-name; components lit by the latest writes glow.
 */
import { useSignal } from '@preact/signals';
import { Fragment } from 'preact';
import type { ClusterView, ViewAccount, ViewAutoscaler, ViewBatch, ViewBudget, ViewClaim, ViewLimitRange, ViewNode, ViewPod, ViewQuota, ViewService, ViewWorkload } from '../api.ts';
import { IngressLane } from './Ingresses.tsx';
import { appColour, appOf, describeComponent, describeObject, isSystem, shortPodName, COMPONENT_ROLE } from './anatomy.ts';
import { budgetHome, budgetText, fullness } from './policies.ts';
import { DroppedMark, NetworkPolicies, PolicyShield } from './NetworkPolicies.tsx';
import type { Describing } from './DescribeDialog.tsx';
import { COMPONENT_LABEL, CONTROL_PLANE, NODE_COMPONENTS, statusClass, type ComponentId, type Light } from './feed.ts';

interface Props {
  readonly view: ClusterView;
  readonly leaving: readonly ViewPod[];
  readonly lit: { readonly round: number; readonly lights: readonly Light[] };
  readonly showSystem: boolean;
  readonly onDescribe: (describing: Describing) => void;
}

export function Anatomy({ view, leaving, lit, showSystem, onDescribe }: Props) {
  const shown = (namespace: string) => showSystem || !isSystem(namespace);
  const pods = [...view.pods, ...leaving.filter((p) => !view.pods.some((q) => q.namespace === p.namespace && q.name === p.name)).map((p) => ({ ...p, leaving: true }))];
  const isLit = (component: ComponentId, node?: string) => lit.lights.some((l) => l.component === component && (l.node ?? '') === (node ?? ''));
  const litClass = (component: ComponentId, node?: string) => (isLit(component, node) ? ` lit lit-${lit.round % 2}` : '');
  const controlPlane = view.nodes.find((n) => n.roles.includes('control-plane'));
  const workers = view.nodes.filter((n) => n !== controlPlane);
  const unplaced = pods.filter((p) => !p.node && shown(p.namespace));
  const services = view.services.filter((s) => shown(s.namespace) && !(s.namespace === 'default' && s.name === 'kubernetes' && !showSystem));
  const deployments = view.workloads.filter((w) => w.kind === 'Deployment' && shown(w.namespace));
  const statefulSets = view.workloads.filter((w) => w.kind === 'StatefulSet' && shown(w.namespace));
  const daemonSets = view.workloads.filter((w) => w.kind === 'DaemonSet' && shown(w.namespace));
  // CronJobs head their Jobs; a Job made by hand (or whose CronJob is gone) stands alone.
  const batchHeads = view.batch.filter((b) => shown(b.namespace) && (b.kind === 'CronJob' || !view.batch.some((c) => c.kind === 'CronJob' && c.namespace === b.namespace && b.owner === `CronJob/${c.name}`)));
  const claims = view.claims.filter((c) => shown(c.namespace));
  const quotas = view.quotas.filter((q) => shown(q.namespace));
  const limitRanges = view.limitRanges.filter((r) => shown(r.namespace));
  const accounts = view.accounts.filter((a) => shown(a.namespace));
  // A budget stands beside the workload whose pods it selects; one guarding no drawn workload stands with the quotas.
  const drawn = new Set([...deployments, ...statefulSets, ...daemonSets].map((w) => `${w.kind}/${w.namespace}/${w.name}`));
  const strayBudgets = view.budgets.filter((b) => shown(b.namespace) && !drawn.has(budgetHome(b, view) ?? ''));
  const networkPolicies = view.networkPolicies.filter((p) => shown(p.namespace));
  // Pointing at a Service or a workload brings its pods forward and dims the rest: the grouping the slide draws as lines.
  const related = useSignal<ReadonlySet<string> | undefined>(undefined);
  const ctx: Ctx = { view, onDescribe, litClass, related: related.value, relate: (keys) => (related.value = keys) };
  return (
    <div class={`anatomy-slide${related.value ? ' relating' : ''}`}>
      <IngressLane view={view} shown={shown} onDescribe={onDescribe} relate={ctx.relate} />
      {services.length > 0 && (
        <section class="services" aria-label="Services">
          <h3 class="lane">Services</h3>
          <ul class="service-list">
            {services.map((s) => (
              <ServiceCard key={`${s.namespace}/${s.name}`} service={s} ctx={ctx} />
            ))}
          </ul>
        </section>
      )}
      {controlPlane && (
        <div role="group" class={`plane node master${controlPlane.ready ? '' : ' not-ready'}`} data-kind="node" data-name={controlPlane.name} aria-label={`Control plane node ${controlPlane.name}: ${controlPlane.status}`}>
          <NodeHead node={controlPlane} role="control plane" ctx={ctx} />
          <ul class="components plane-components" aria-label="Control plane components">
            {CONTROL_PLANE.map((c) => (
              <ComponentChip key={c} component={c} node={controlPlane.name} ctx={ctx} />
            ))}
          </ul>
          {showSystem && <PodList pods={pods.filter((p) => p.node === controlPlane.name)} ctx={ctx} label={`Pods on ${controlPlane.name}`} />}
        </div>
      )}
      {!controlPlane && view.flavour === 'eks' && <ManagedControlPlane ctx={ctx} />}
      {unplaced.length > 0 && (
        <section class="unplaced" aria-label="Pods not yet on a node">
          <h3 class="lane">Waiting for the scheduler</h3>
          <PodList pods={unplaced} ctx={ctx} label="Pods not yet on a node" />
        </section>
      )}
      <div class="workers">
        {workers.map((node) => {
          const own = pods.filter((p) => p.node === node.name);
          const hidden = own.filter((p) => !shown(p.namespace)).length;
          return (
            <div role="group" key={node.name} class={`node worker${node.ready ? '' : ' not-ready'}`} data-kind="node" data-name={node.name} aria-label={`Worker node ${node.name}: ${node.status}`}>
              <NodeHead node={node} role="worker" ctx={ctx} />
              <ul class="components node-components" aria-label={`Components on ${node.name}`}>
                {NODE_COMPONENTS.map((c) => (
                  <ComponentChip key={c} component={c} node={node.name} ctx={ctx} />
                ))}
              </ul>
              {!node.ready && <p class="node-warning">No heartbeat from the kubelet: the controller manager marked it NotReady and evicts its pods after 5 minutes.</p>}
              {node.status.includes('SchedulingDisabled') && <CordonNote node={node} ctx={ctx} />}
              <PodList pods={own.filter((p) => shown(p.namespace))} ctx={ctx} label={`Pods on ${node.name}`} />
              {hidden > 0 && <p class="system-note">+ {hidden} kube-system {hidden === 1 ? 'pod' : 'pods'}</p>}
            </div>
          );
        })}
      </div>
      {quotas.length + limitRanges.length + strayBudgets.length > 0 && (
        <section class="workloads policies" aria-label="Quotas, limit ranges and disruption budgets">
          <h3 class="lane">Quotas and limits of the namespace</h3>
          <ul class="workload-list">
            {quotas.map((q) => (
              <QuotaCard key={`${q.namespace}/${q.name}`} quota={q} ctx={ctx} />
            ))}
            {limitRanges.map((r) => (
              <LimitRangeCard key={`${r.namespace}/${r.name}`} range={r} ctx={ctx} />
            ))}
            {strayBudgets.map((b) => (
              <li key={`${b.namespace}/${b.name}`} class="workload" style={{ '--app': 'var(--border)' }}>
                <BudgetRow budget={b} ctx={ctx} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {networkPolicies.length > 0 && <NetworkPolicies policies={networkPolicies} onDescribe={onDescribe} relate={ctx.relate} />}
      {deployments.length > 0 && (
        <section class="workloads" aria-label="Deployments and their ReplicaSets">
          <h3 class="lane">Deployments → ReplicaSets → pods</h3>
          <ul class="workload-list">
            {deployments.map((d) => (
              <DeploymentCard key={`${d.namespace}/${d.name}`} deployment={d} ctx={ctx} />
            ))}
          </ul>
        </section>
      )}
      {statefulSets.length > 0 && (
        <section class="workloads stateful" aria-label="StatefulSets and their pods">
          <h3 class="lane">StatefulSets → pods, in order</h3>
          <ul class="workload-list">
            {statefulSets.map((set) => (
              <StatefulSetCard key={`${set.namespace}/${set.name}`} set={set} ctx={ctx} />
            ))}
          </ul>
        </section>
      )}
      {daemonSets.length > 0 && (
        <section class="workloads daemon" aria-label="DaemonSets and their pods">
          <h3 class="lane">DaemonSets → a pod per node</h3>
          <ul class="workload-list">
            {daemonSets.map((set) => (
              <StatefulSetCard key={`${set.namespace}/${set.name}`} set={set} ctx={ctx} />
            ))}
          </ul>
        </section>
      )}
      {batchHeads.length > 0 && (
        <section class="workloads batch" aria-label="CronJobs and Jobs">
          <h3 class="lane">CronJobs → Jobs → pods</h3>
          <ul class="workload-list">
            {batchHeads.map((b) => (
              <BatchCard key={`${b.kind}/${b.namespace}/${b.name}`} head={b} ctx={ctx} />
            ))}
          </ul>
        </section>
      )}
      {accounts.length > 0 && (
        <section class="workloads access" aria-label="Service accounts and what RBAC grants them">
          <h3 class="lane">Service accounts → bindings → roles</h3>
          <ul class="workload-list">
            {accounts.map((a) => (
              <AccountCard key={`${a.namespace}/${a.name}`} account={a} ctx={ctx} />
            ))}
          </ul>
        </section>
      )}
      {claims.length > 0 && (
        <section class="workloads claims" aria-label="PersistentVolumeClaims">
          <h3 class="lane">Claims → volumes → pods</h3>
          <ul class="workload-list">
            {claims.map((c) => (
              <ClaimCard key={`${c.namespace}/${c.name}`} claim={c} ctx={ctx} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

interface Ctx {
  readonly view: ClusterView;
  readonly onDescribe: (describing: Describing) => void;
  readonly litClass: (component: ComponentId, node?: string) => string;
  /** `namespace/name` of the pods of the Service or workload pointed at. */
  readonly related: ReadonlySet<string> | undefined;
  readonly relate: (keys: ReadonlySet<string> | undefined) => void;
}

/** Handlers that show a group's pods while the pointer or the keyboard is on it. */
function relating(ctx: Ctx, keys: () => ReadonlySet<string>) {
  const on = () => ctx.relate(keys());
  const off = () => ctx.relate(undefined);
  return { onMouseEnter: on, onMouseLeave: off, onFocus: on, onBlur: off };
}

/** An eks cluster's control plane: AWS runs it out of the cluster, so it is a box of components, not a node. */
function ManagedControlPlane({ ctx }: { ctx: Ctx }) {
  return (
    <div role="group" class="plane node master managed" aria-label="EKS control plane, managed by AWS">
      <p class="node-head managed-head">
        <span class="node-name">EKS control plane</span>
        <span class="badge managed-badge">managed by AWS</span>
        <span class="node-detail">in AWS's account, on no node of the cluster</span>
      </p>
      <ul class="components plane-components" aria-label="Control plane components">
        {CONTROL_PLANE.map((c) => (
          <ComponentChip key={c} component={c} node="" ctx={ctx} />
        ))}
      </ul>
    </div>
  );
}

/** A node's name, breakable before each dot: EKS's `ip-192-168-12-34.us-west-2.compute.internal` in a narrow node. */
function NodeName({ name }: { name: string }) {
  return (
    <span class="node-name">
      {name.split('.').map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span class="name-part">{i > 0 ? `.${part}` : part}</span>
        </Fragment>
      ))}
    </span>
  );
}

function NodeHead({ node, role, ctx }: { node: ViewNode; role: string; ctx: Ctx }) {
  return (
    <button type="button" class="node-head" onClick={() => ctx.onDescribe(describeObject('Node', node.name))} aria-label={`${role} node ${node.name}, ${node.status}: describe`}>
      <NodeName name={node.name} />
      <span class="node-detail">{[role, node.internalIP, node.zone].filter(Boolean).join(' · ')}</span>
      {/* `Ready,SchedulingDisabled` may break after its comma in a narrow node. */}
      <span class={`badge ${node.ready ? 'ok' : 'bad'}`}>
        {node.status.split(',').map((part, i) => (
          <Fragment key={part}>
            {i > 0 && (
              <>
                ,<wbr />
              </>
            )}
            {part}
          </Fragment>
        ))}
      </span>
    </button>
  );
}

function ComponentChip({ component, node, ctx }: { component: ComponentId; node: string; ctx: Ctx }) {
  const label = COMPONENT_LABEL[component];
  return (
    <li>
      <button
        type="button"
        class={`component c-${component}${ctx.litClass(component, CONTROL_PLANE.includes(component) ? undefined : node)}`}
        data-kind="component"
        data-name={component}
        aria-label={`${label}${CONTROL_PLANE.includes(component) ? '' : ` on ${node}`}: ${COMPONENT_ROLE[component]}. Describe`}
        title={COMPONENT_ROLE[component]}
        onClick={() => ctx.onDescribe(describeComponent(component, node, ctx.view))}
      >
        {label}
      </button>
    </li>
  );
}

function PodList({ pods, ctx, label }: { pods: readonly (ViewPod & { leaving?: boolean })[]; ctx: Ctx; label: string }) {
  if (!pods.length) return <p class="no-pods">no pods</p>;
  const sorted = [...pods].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return (
    <ul class="pods" aria-label={label}>
      {sorted.map((pod) => (
        <PodChip key={`${pod.namespace}/${pod.name}`} pod={pod} ctx={ctx} />
      ))}
    </ul>
  );
}

function PodChip({ pod, ctx }: { pod: ViewPod & { leaving?: boolean }; ctx: Ctx }) {
  const app = appOf(pod, ctx.view.workloads);
  const state = pod.leaving ? 'gone' : statusClass(pod.status, pod.ready);
  const restarts = pod.restarts ? `, ${pod.restarts} ${pod.restarts === 1 ? 'restart' : 'restarts'}` : '';
  return (
    <li class={`pod-item${pod.leaving ? ' leaving' : ''}${ctx.related?.has(`${pod.namespace}/${pod.name}`) ? ' related' : ''}`}>
      <button
        type="button"
        class={`pod s-${state}`}
        style={{ '--app': appColour(app) }}
        data-kind="pod"
        data-name={pod.name}
        data-namespace={pod.namespace}
        data-status={pod.status}
        aria-label={`Pod ${pod.namespace}/${pod.name}: ${pod.leaving ? 'removed' : pod.status}, ${pod.ready} ready${restarts}. Describe`}
        title={`${pod.namespace}/${pod.name}\n${pod.images.join(', ')}`}
        disabled={pod.leaving}
        onClick={() => ctx.onDescribe(describeObject('Pod', pod.name, pod.namespace))}
      >
        <span class="pod-name">{shortPodName(pod, ctx.view.workloads)}</span>
        <span class="pod-ready">{pod.ready}</span>
        <span class="pod-status">
          {pod.status}
          {restarts && <span class="pod-restarts"> ↻{pod.restarts}</span>}
          <PolicyShield pod={pod} view={ctx.view} />
        </span>
        <PodCpu pod={pod} ctx={ctx} />
      </button>
    </li>
  );
}

function ServiceCard({ service, ctx }: { service: ViewService; ctx: Ctx }) {
  // An endpoint is a pod's name, or an address where no pod stands behind it (the kubernetes Service).
  const shortName = (name: string) => {
    const pod = ctx.view.pods.find((p) => p.name === name && p.namespace === service.namespace);
    return pod ? shortPodName(pod, ctx.view.workloads) : name;
  };
  const external = service.type === 'LoadBalancer' ? service.externalIP : undefined;
  const count = service.endpoints.length;
  const behind = [...service.endpoints, ...service.notReadyEndpoints];
  // Past a handful, names would push the nodes off the screen: one dot per pod, named on hover.
  const dots = behind.length > 6;
  const endpoint = (name: string, ready: boolean) => (
    <span key={name} class={`endpoint ${ready ? 'ready' : 'not-ready'}${dots ? ' dot' : ''}${service.dropped?.pods.includes(name) ? ' dropped' : ''}`} data-pod={name} title={`${name}: ${ready ? 'ready, gets traffic' : 'not ready, gets no traffic'}`}>
      {dots ? '' : shortName(name)}
    </span>
  );
  const group = relating(ctx, () => new Set(behind.map((name) => `${service.namespace}/${name}`)));
  return (
    <li class="service" data-kind="service" data-name={service.name} data-namespace={service.namespace} aria-label={`Service ${service.namespace}/${service.name}, ${service.type}, ${count} ready ${count === 1 ? 'endpoint' : 'endpoints'}`}>
      <button type="button" class="service-head" {...group} onClick={() => ctx.onDescribe(describeObject('Service', service.name, service.namespace))} aria-label={`Service ${service.namespace}/${service.name}: describe`}>
        <span class="service-name">{service.name}</span>
        <span class="service-type">{service.type}</span>
        <span class="service-ports">{service.ports}</span>
      </button>
      {external && (
        <p class={`service-external${external === '<pending>' ? ' pending' : ''}`}>
          <span class="service-label">load balancer</span>{' '}
          {external === '<pending>' ? <span title="The cloud controller manager is asking the cloud for a load balancer">pending</span> : <code class="external-address" title={external}>{external}</code>}
        </p>
      )}
      <p class="service-endpoints">
        <span class="service-label">endpoints</span>{' '}
        {count + service.notReadyEndpoints.length === 0 ? (
          <span class="no-endpoints" title="No ready pod matches its selector yet, so kube-proxy has nowhere to send traffic">none ready</span>
        ) : (
          <span class="endpoint-list" {...group}>
            {service.endpoints.map((name) => endpoint(name, true))}
            {service.notReadyEndpoints.map((name) => endpoint(name, false))}
            {dots && (
              <span class="endpoint-count">
                {count} ready{service.notReadyEndpoints.length ? `, ${service.notReadyEndpoints.length} not` : ''}
              </span>
            )}
          </span>
        )}
      </p>
      <DroppedMark service={service} />
    </li>
  );
}

function DeploymentCard({ deployment, ctx }: { deployment: ViewWorkload; ctx: Ctx }) {
  const replicaSets = ctx.view.workloads
    .filter((w) => w.kind === 'ReplicaSet' && w.namespace === deployment.namespace && w.owner === `Deployment/${deployment.name}`)
    .sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0));
  const colour = appColour(`${deployment.namespace}/${deployment.name}`);
  const podsOwnedBy = (owner: (pod: ViewPod) => boolean) => () => new Set(ctx.view.pods.filter(owner).map((p) => `${p.namespace}/${p.name}`));
  const app = `${deployment.namespace}/${deployment.name}`;
  return (
    <li class="workload" style={{ '--app': colour }}>
      <button
        type="button"
        class="workload-row deployment"
        data-kind="deployment"
        data-name={deployment.name}
        data-namespace={deployment.namespace}
        aria-label={`Deployment ${deployment.namespace}/${deployment.name}: ${deployment.ready} of ${deployment.replicas} ready. Describe`}
        {...relating(ctx, podsOwnedBy((p) => appOf(p, ctx.view.workloads) === app))}
        onClick={() => ctx.onDescribe(describeObject('Deployment', deployment.name, deployment.namespace))}
      >
        <span class="workload-kind">Deployment</span>
        <span class="workload-name">{deployment.name}</span>
        <span class="workload-count">
          {deployment.ready}/{deployment.replicas} ready
        </span>
      </button>
      <ul class="replicasets">
        {replicaSets.map((rs) => (
          <li key={rs.name}>
            <button
              type="button"
              class={`workload-row replicaset${rs.replicas === 0 ? ' idle' : ''}`}
              data-kind="replicaset"
              data-name={rs.name}
              {...relating(ctx, podsOwnedBy((p) => p.namespace === rs.namespace && p.owner === `ReplicaSet/${rs.name}`))}
              data-namespace={rs.namespace}
              aria-label={`ReplicaSet ${rs.namespace}/${rs.name}, revision ${rs.revision ?? '?'}: ${rs.ready} of ${rs.replicas} ready. Describe`}
              onClick={() => ctx.onDescribe(describeObject('ReplicaSet', rs.name, rs.namespace))}
            >
              <span class="workload-kind">ReplicaSet</span>
              <span class="workload-name">{rs.name}</span>
              <span class="workload-count">
                rev {rs.revision ?? '?'} · {rs.ready}/{rs.replicas}
              </span>
              <RefusedMark quota={refusingQuota(ctx, rs)} />
            </button>
          </li>
        ))}
        <Budgets home={`Deployment/${app}`} ctx={ctx} />
        <Autoscalers target={`Deployment/${deployment.name}`} namespace={deployment.namespace} ctx={ctx} />
      </ul>
    </li>
  );
}

/**
 * A StatefulSet and its pods by ordinal (web-0, web-1, ...), each with the claim it keeps, or a
 * DaemonSet and its pods by node, each with its node: the row describes its object and points at
 * the pods it names.
 */
function StatefulSetCard({ set, ctx }: { set: ViewWorkload; ctx: Ctx }) {
  const daemon = set.kind === 'DaemonSet';
  const owned = (p: ViewPod) => p.namespace === set.namespace && p.owner === `${set.kind}/${set.name}`;
  const ordinal = (p: ViewPod) => Number(p.name.slice(set.name.length + 1));
  const pods = ctx.view.pods.filter(owned).sort((a, b) => (daemon ? (a.node ?? '').localeCompare(b.node ?? '') : ordinal(a) - ordinal(b)));
  const claimsOf = (pod: ViewPod) => (daemon ? [pod.node ?? 'unscheduled'] : ctx.view.claims.filter((c) => c.namespace === pod.namespace && c.pods.includes(pod.name)).map((c) => c.name));
  return (
    <li class="workload" style={{ '--app': appColour(`${set.namespace}/${set.name}`) }}>
      <button
        type="button"
        class={`workload-row ${set.kind.toLowerCase()}`}
        data-kind={set.kind.toLowerCase()}
        data-name={set.name}
        data-namespace={set.namespace}
        aria-label={`${set.kind} ${set.namespace}/${set.name}: ${set.ready} of ${set.replicas} ready. Describe`}
        {...relating(ctx, () => new Set(pods.map((p) => `${p.namespace}/${p.name}`)))}
        onClick={() => ctx.onDescribe(describeObject(set.kind, set.name, set.namespace))}
      >
        <span class="workload-kind">{set.kind}</span>
        <span class="workload-name">{set.name}</span>
        <span class="workload-count">
          {set.ready}/{set.replicas} ready
        </span>
      </button>
      <ul class="replicasets">
        {pods.map((pod) => (
          <li key={pod.name}>
            <button
              type="button"
              class={`workload-row ${daemon ? 'daemon-pod' : 'stateful-pod'}`}
              data-kind="pod"
              data-name={pod.name}
              data-namespace={pod.namespace}
              aria-label={`Pod ${pod.namespace}/${pod.name}: ${pod.status}. Describe`}
              {...relating(ctx, () => new Set([`${pod.namespace}/${pod.name}`]))}
              onClick={() => ctx.onDescribe(describeObject('Pod', pod.name, pod.namespace))}
            >
              <span class="workload-kind">Pod</span>
              <span class="workload-name">{pod.name}</span>
              <span class="workload-count">{[pod.status, ...claimsOf(pod)].join(' · ')}</span>
            </button>
          </li>
        ))}
        <Budgets home={`${set.kind}/${set.namespace}/${set.name}`} ctx={ctx} />
        <Autoscalers target={`${set.kind}/${set.name}`} namespace={set.namespace} ctx={ctx} />
      </ul>
    </li>
  );
}

/** A CronJob with its Jobs, or a Job on its own: each row describes its object and points at its pods. */
function BatchCard({ head, ctx }: { head: ViewBatch; ctx: Ctx }) {
  const jobs = head.kind === 'CronJob' ? ctx.view.batch.filter((b) => b.kind === 'Job' && b.namespace === head.namespace && b.owner === `CronJob/${head.name}`) : [head];
  const podsOf = (names: readonly string[]) => () =>
    new Set(ctx.view.pods.filter((p) => p.namespace === head.namespace && names.some((name) => p.owner === `Job/${name}`)).map((p) => `${p.namespace}/${p.name}`));
  const row = (b: ViewBatch) => (
    <button
      type="button"
      class={`workload-row ${b.kind === 'CronJob' ? 'cronjob' : 'job'}${b.kind === 'Job' && b.active === 0 ? ' idle' : ''}`}
      data-kind={b.kind.toLowerCase()}
      data-name={b.name}
      data-namespace={b.namespace}
      aria-label={`${b.kind} ${b.namespace}/${b.name}: ${b.kind === 'CronJob' ? `${b.status}, schedule ${b.detail}, ${b.active} active` : `${b.status}, ${b.detail} completed`}. Describe`}
      {...relating(ctx, podsOf(b.kind === 'CronJob' ? jobs.map((j) => j.name) : [b.name]))}
      onClick={() => ctx.onDescribe(describeObject(b.kind, b.name, b.namespace))}
    >
      <span class="workload-kind">{b.kind}</span>
      <span class="workload-name">{b.name}</span>
      <span class="workload-count">{b.kind === 'CronJob' ? `${b.detail}${b.status === 'Suspended' ? ' · suspended' : ''}` : `${b.status} · ${b.detail}`}</span>
    </button>
  );
  return (
    <li class="workload" style={{ '--app': appColour(`${head.namespace}/${head.name}`) }}>
      {row(head)}
      {head.kind === 'CronJob' && jobs.length > 0 && (
        <ul class="replicasets">
          {jobs.map((job) => (
            <li key={job.name}>{row(job)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** A claim, and once bound its volume on its node: each row describes its object and points at the pods that mount the claim. */
function ClaimCard({ claim, ctx }: { claim: ViewClaim; ctx: Ctx }) {
  const pods = () => new Set(claim.pods.map((name) => `${claim.namespace}/${name}`));
  const size = claim.capacity ? ` · ${claim.capacity} ${claim.accessModes ?? ''}` : '';
  return (
    <li class="workload" style={{ '--app': appColour(`${claim.namespace}/${claim.name}`) }}>
      <button
        type="button"
        class={`workload-row claim${claim.status === 'Bound' ? '' : ' idle'}`}
        data-kind="persistentvolumeclaim"
        data-name={claim.name}
        data-namespace={claim.namespace}
        aria-label={`PersistentVolumeClaim ${claim.namespace}/${claim.name}: ${claim.status}${claim.storageClass ? `, class ${claim.storageClass}` : ''}, used by ${claim.pods.length} pod(s). Describe`}
        {...relating(ctx, pods)}
        onClick={() => ctx.onDescribe(describeObject('PersistentVolumeClaim', claim.name, claim.namespace))}
      >
        <span class="workload-kind">PVC</span>
        <span class="workload-name">{claim.name}</span>
        <span class="workload-count">{`${claim.status}${size}`}</span>
      </button>
      {claim.volume && (
        <ul class="replicasets">
          <li>
            <button
              type="button"
              class="workload-row volume"
              data-kind="persistentvolume"
              data-name={claim.volume}
              aria-label={`PersistentVolume ${claim.volume}${claim.node ? ` on ${claim.node}` : ''}. Describe`}
              {...relating(ctx, pods)}
              onClick={() => ctx.onDescribe(describeObject('PersistentVolume', claim.volume ?? ''))}
            >
              <span class="workload-kind">PV</span>
              <span class="workload-name">{claim.volume}</span>
              <span class="workload-count">{claim.node ? `on ${claim.node}` : ''}</span>
            </button>
          </li>
        </ul>
      )}
    </li>
  );
}

/** The HorizontalPodAutoscalers scaling one workload, as rows under it. */
function Autoscalers({ target, namespace, ctx }: { target: string; namespace: string; ctx: Ctx }) {
  return (
    <>
      {(ctx.view.autoscalers ?? [])
        .filter((a) => a.namespace === namespace && a.target === target)
        .map((a) => (
          <li key={a.name}>
            <AutoscalerRow hpa={a} ctx={ctx} />
          </li>
        ))}
    </>
  );
}

/** An HPA: current against target, its replicas within min and max as a gauge; it points at the pods it measures. */
function AutoscalerRow({ hpa, ctx }: { hpa: ViewAutoscaler; ctx: Ctx }) {
  const span = Math.max(1, hpa.max - hpa.min);
  const fill = Math.min(100, Math.max(0, ((hpa.current - hpa.min) / span) * 100));
  const state = hpa.inactive ? ' blocked' : hpa.limited && hpa.limited !== 'TooFewReplicas' ? ' limited' : '';
  return (
    <button
      type="button"
      class={`workload-row autoscaler${state}`}
      data-kind="horizontalpodautoscaler"
      data-name={hpa.name}
      data-namespace={hpa.namespace}
      aria-label={`HorizontalPodAutoscaler ${hpa.namespace}/${hpa.name}: ${hpa.targets}, ${hpa.current} replicas between ${hpa.min} and ${hpa.max}${hpa.desired !== hpa.current ? `, scaling to ${hpa.desired}` : ''}. Describe`}
      title={hpa.inactive ?? (hpa.limited ? `ScalingLimited: ${hpa.limited}` : 'Every 15 s it sets the replicas to ceil(replicas × current / target)')}
      {...relating(ctx, () => new Set(hpa.pods.map((p) => `${hpa.namespace}/${p.name}`)))}
      onClick={() => ctx.onDescribe(describeObject('HorizontalPodAutoscaler', hpa.name, hpa.namespace))}
    >
      <span class="workload-kind">HPA</span>
      <span class="workload-name">{hpa.targets}</span>
      <span class="workload-count">
        {hpa.current}
        {hpa.desired !== hpa.current ? `→${hpa.desired}` : ''} of {hpa.min}–{hpa.max}
      </span>
      <span class="hpa-range" aria-hidden="true">
        <span style={{ width: `${fill}%` }} />
      </span>
    </button>
  );
}

/** A pod's CPU now, for the pods an HPA measures: millicores and percent of its request. */
function PodCpu({ pod, ctx }: { pod: ViewPod; ctx: Ctx }) {
  const measured = (ctx.view.autoscalers ?? []).flatMap((a) => (a.namespace === pod.namespace ? a.pods : [])).find((p) => p.name === pod.name);
  if (!measured) return null;
  const percent = measured.percent;
  return (
    <span class={`pod-cpu${percent !== undefined && percent >= 100 ? ' hot' : ''}`} title="CPU now (metrics-server), of the pod's request">
      <span class="pod-cpu-bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, percent ?? 0)}%` }} />
      </span>
      {measured.cpu}
      {percent !== undefined ? ` · ${percent}%` : ''}
    </span>
  );
}

/** The budgets guarding one workload, as rows under it. */
function Budgets({ home, ctx }: { home: string; ctx: Ctx }) {
  return (
    <>
      {ctx.view.budgets
        .filter((b) => budgetHome(b, ctx.view) === home)
        .map((b) => (
          <li key={b.name}>
            <BudgetRow budget={b} ctx={ctx} />
          </li>
        ))}
    </>
  );
}

/** A PodDisruptionBudget: what it allows now, flagged when it allows nothing; it points at the pods it selects. */
function BudgetRow({ budget, ctx }: { budget: ViewBudget; ctx: Ctx }) {
  const text = budgetText(budget);
  return (
    <button
      type="button"
      class={`workload-row budget${budget.allowed === 0 ? ' blocked' : ''}`}
      data-kind="poddisruptionbudget"
      data-name={budget.name}
      data-namespace={budget.namespace}
      aria-label={`PodDisruptionBudget ${budget.namespace}/${budget.name}: ${text}. Describe`}
      title={budget.allowed === 0 ? 'An eviction now (kubectl drain) is refused until more of its pods are healthy' : `minAvailable ${budget.minAvailable ?? 'N/A'}, maxUnavailable ${budget.maxUnavailable ?? 'N/A'}`}
      {...relating(ctx, () => new Set(budget.pods.map((name) => `${budget.namespace}/${name}`)))}
      onClick={() => ctx.onDescribe(describeObject('PodDisruptionBudget', budget.name, budget.namespace))}
    >
      <span class="workload-kind">PDB</span>
      <span class="workload-name">{budget.name}</span>
      <span class="workload-count">{text}</span>
    </button>
  );
}

/** A ResourceQuota: a gauge per resource, full ones flagged, and the create it refuses now. */
function QuotaCard({ quota, ctx }: { quota: ViewQuota; ctx: Ctx }) {
  const full = quota.resources.some((r) => r.full);
  const refused = quota.refused;
  return (
    <li class={`workload quota${full ? ' full' : ''}`} style={{ '--app': full ? 'var(--fail)' : 'var(--accent)' }}>
      <button
        type="button"
        class="workload-row"
        data-kind="resourcequota"
        data-name={quota.name}
        data-namespace={quota.namespace}
        aria-label={`ResourceQuota ${quota.namespace}/${quota.name}: ${quota.resources.map((r) => `${r.resource} ${r.used} of ${r.hard}${r.full ? ', full' : ''}`).join('; ')}. Describe`}
        onClick={() => ctx.onDescribe(describeObject('ResourceQuota', quota.name, quota.namespace))}
      >
        <span class="workload-kind">Quota</span>
        <span class="workload-name">{quota.name}</span>
        <span class="workload-count">{quota.namespace}</span>
      </button>
      <ul class="gauges">
        {quota.resources.map((r) => (
          <li key={r.resource} class={`gauge${r.full ? ' full' : ''}${refused?.resources.includes(r.resource) ? ' refusing' : ''}`} data-resource={r.resource}>
            <span class="gauge-name">{r.resource}</span>
            <span class="gauge-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(fullness(r.used, r.hard) * 100)}%` }} />
            </span>
            <span class="gauge-figure">
              {r.used}/{r.hard}
            </span>
          </li>
        ))}
      </ul>
      {refused && (
        <button type="button" class="quota-refused" title={refused.message} onClick={() => ctx.onDescribe(describeObject(refused.object.split('/')[0] ?? '', refused.object.split('/')[1] ?? '', quota.namespace))}>
          refuses a pod of {refused.object.replace('/', ' ')}: {refused.resources.join(', ')} would exceed the quota
        </button>
      )}
    </li>
  );
}

/** The quota keeping a workload from its replicas now, if one is. */
function refusingQuota(ctx: Ctx, workload: ViewWorkload): ViewQuota | undefined {
  return ctx.view.quotas.find((q) => q.namespace === workload.namespace && q.refused?.object === `${workload.kind}/${workload.name}`);
}

/** A flag on a row whose object a quota keeps from its replicas. */
function RefusedMark({ quota }: { quota: ViewQuota | undefined }) {
  return quota ? (
    <span class="refused-mark" title={`ResourceQuota ${quota.name}: ${quota.refused?.message ?? ''}`}>
      ⚠ quota
    </span>
  ) : null;
}

const LIMIT_WORDS: readonly (readonly [key: 'default' | 'defaultRequest' | 'min' | 'max' | 'maxLimitRequestRatio', words: string])[] = [
  ['defaultRequest', 'requests'],
  ['default', 'limits'],
  ['min', 'min'],
  ['max', 'max'],
  ['maxLimitRequestRatio', 'limit/request at most'],
];

/** A LimitRange: per type (Container, Pod, PersistentVolumeClaim), the defaults it gives and the bounds it holds. */
function LimitRangeCard({ range, ctx }: { range: ViewLimitRange; ctx: Ctx }) {
  return (
    <li class="workload" style={{ '--app': 'var(--accent)' }}>
      <button
        type="button"
        class="workload-row"
        data-kind="limitrange"
        data-name={range.name}
        data-namespace={range.namespace}
        aria-label={`LimitRange ${range.namespace}/${range.name}. Describe`}
        onClick={() => ctx.onDescribe(describeObject('LimitRange', range.name, range.namespace))}
      >
        <span class="workload-kind">LimitRange</span>
        <span class="workload-name">{range.name}</span>
        <span class="workload-count">{range.namespace}</span>
      </button>
      <ul class="limits">
        {range.limits.map((item, i) => (
          <li key={i}>
            <span class="limit-type">{item.type ?? 'Container'}</span>
            {LIMIT_WORDS.filter(([key]) => item[key]).map(([key, words]) => (
              <span key={key} class="limit">
                {words}{' '}
                {Object.entries(item[key] ?? {})
                  .map(([resource, amount]) => `${resource} ${amount}`)
                  .join(', ')}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The most rule lines a grant shows; an aggregated role such as view has dozens. */
const RULES_SHOWN = 4;

/** A service account, each binding that grants it something with the role it binds, and that role's rules in words; nothing bound says so. */
function AccountCard({ account, ctx }: { account: ViewAccount; ctx: Ctx }) {
  const user = `system:serviceaccount:${account.namespace}:${account.name}`;
  return (
    <li class={`workload account${account.grants.length ? '' : ' ungranted'}`} style={{ '--app': 'var(--accent)' }}>
      <button
        type="button"
        class="workload-row"
        data-kind="serviceaccount"
        data-name={account.name}
        data-namespace={account.namespace}
        title={user}
        aria-label={`ServiceAccount ${account.namespace}/${account.name}: ${account.grants.length ? account.grants.map((g) => `${g.roleKind} ${g.role}`).join(', ') : 'no roles bound'}. Describe`}
        onClick={() => ctx.onDescribe(describeObject('ServiceAccount', account.name, account.namespace))}
      >
        <span class="workload-kind">SA</span>
        <span class="workload-name">{account.name}</span>
        <span class="workload-count">{account.namespace}</span>
      </button>
      {account.grants.length === 0 ? (
        <p class="grant-none">no role bound: it may only ask what it may do</p>
      ) : (
        <ul class="grants">
          {account.grants.map((g) => (
            <li key={`${g.bindingKind}/${g.namespace ?? ''}/${g.binding}`} class={`grant${g.rules ? '' : ' missing'}`} data-binding={g.binding}>
              <button type="button" class="grant-binding" data-kind={g.bindingKind.toLowerCase()} data-name={g.binding} onClick={() => ctx.onDescribe(describeObject(g.bindingKind, g.binding, g.namespace))}>
                ↳ {g.bindingKind} {g.binding}
              </button>
              <button type="button" class="grant-role" data-kind={g.roleKind.toLowerCase()} data-name={g.role} onClick={() => ctx.onDescribe(describeObject(g.roleKind, g.role, g.roleKind === 'Role' ? g.namespace : undefined))}>
                {g.roleKind} {g.role}
              </button>
              <span class="grant-scope">{g.namespace ? `in ${g.namespace}` : 'in every namespace'}{g.via ? ` · via group ${g.via}` : ''}</span>
              {g.rules ? (
                <ul class="grant-rules">
                  {g.rules.slice(0, RULES_SHOWN).map((rule, i) => (
                    <li key={i}>{rule}</li>
                  ))}
                  {g.rules.length > RULES_SHOWN && <li class="grant-more">+ {g.rules.length - RULES_SHOWN} more rules</li>}
                  {g.rules.length === 0 && <li class="grant-more">no rules</li>}
                </ul>
              ) : (
                <p class="grant-none">the {g.roleKind} {g.role} does not exist: this binding grants nothing</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** A cordoned node: no new pods, and which budgets keep kubectl drain from evicting its pods now. */
function CordonNote({ node, ctx }: { node: ViewNode; ctx: Ctx }) {
  const here = new Set(ctx.view.pods.filter((p) => p.node === node.name && p.status !== 'Terminating').map((p) => `${p.namespace}/${p.name}`));
  const holding = ctx.view.budgets.filter((b) => b.allowed === 0 && b.pods.some((name) => here.has(`${b.namespace}/${name}`)));
  return (
    <p class="node-note">
      Cordoned: no new pod is scheduled here; kubectl drain evicts its pods as their disruption budgets allow
      {holding.length > 0 ? `; ${holding.map((b) => `${b.name} allows none now (${b.healthy} healthy, ${b.needed} needed)`).join('; ')}.` : '.'}
    </p>
  );
}
