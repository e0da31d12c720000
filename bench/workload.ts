/** The workload the core's benchmarks run: nginx Deployments created at one moment, as kubectl would create them. */
import type { Cluster } from '#core/cluster.ts';
import type { Deployment } from '#core/objects.ts';

/** When the benchmarks' clusters start. */
export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/** A Deployment of `replicas` nginx pods, with the fields the API server's defaulting would add. */
export function deployment(name: string, replicas: number): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: new Date(T0).toISOString().replace('.000Z', 'Z'), labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

/** `count` Deployments `app-0`, `app-1`, ... sharing `pods` replicas between them. */
export function createDeployments(cluster: Cluster, pods: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const replicas = Math.floor(pods / count) + (i < pods % count ? 1 : 0);
    cluster.etcd.create(deployment(`app-${i}`, replicas));
  }
}
