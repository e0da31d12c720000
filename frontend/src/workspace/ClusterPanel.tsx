/**
 * "Your cluster": the nodes of GET /v1/me/cluster with their status, refreshed every few
 * seconds, each with the components of the seed's anatomy that run on it.
 */
import type { ClusterNode, ClusterSummary, CourseApi } from '../api.ts';
import { useLoaded } from './use-loaded.ts';

const REFRESH_MS = 4000;
const MASTER_COMPONENTS = ['API server', 'scheduler', 'controller manager', 'cloud controller', 'etcd'];
const WORKER_COMPONENTS = ['container runtime', 'kubelet', 'kube-proxy'];

export function ClusterPanel({ api }: { api: CourseApi }) {
  const { data, error } = useLoaded(() => api.cluster(), REFRESH_MS);
  const cluster = data.value;
  return (
    <section class="panel" aria-labelledby="cluster-title">
      <div class="panel-head">
        <h2 id="cluster-title">Your cluster</h2>
        {cluster && (
          <span class="panel-meta">
            Kubernetes {cluster.kubernetesVersion} · {cluster.objectCount} objects
          </span>
        )}
      </div>
      {error.value && (
        <p class="panel-error" role="alert">
          {error.value}
        </p>
      )}
      {cluster ? <Nodes cluster={cluster} /> : !error.value && <p class="muted">Loading your cluster…</p>}
    </section>
  );
}

function Nodes({ cluster }: { cluster: ClusterSummary }) {
  const ready = cluster.nodes.filter((n) => n.status === 'Ready').length;
  return (
    <ul class="nodes" aria-label={`Nodes: ${ready} of ${cluster.nodes.length} ready`}>
      {cluster.nodes.map((node) => (
        <NodeCard key={node.name} node={node} />
      ))}
    </ul>
  );
}

function NodeCard({ node }: { node: ClusterNode }) {
  const master = node.roles.includes('control-plane');
  const ready = node.status === 'Ready';
  return (
    <li class={`node ${master ? 'master' : 'worker'}`}>
      <div class="node-head">
        <span class="node-name">{node.name}</span>
        <span class={`badge ${ready ? 'ok' : 'bad'}`}>{node.status}</span>
      </div>
      <p class="node-detail">{[master ? 'master node' : 'worker node', node.internalIP, node.zone].filter(Boolean).join(' · ')}</p>
      <ul class="components" aria-label={`Components on ${node.name}`}>
        {(master ? MASTER_COMPONENTS : WORKER_COMPONENTS).map((component) => (
          <li key={component}>{component}</li>
        ))}
      </ul>
    </li>
  );
}
