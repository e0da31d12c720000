/** The DaemonSet tests' manifest, shared by the controller's tests and its property test. */

/** The Kubernetes docs' DaemonSet example (concepts/workloads/controllers/daemonset), in `default` unless told. */
export function fluentdDaemonSet(extra: Record<string, unknown> = {}, options: { tolerateControlPlane?: boolean; namespace?: string; image?: string; podSpec?: Record<string, unknown> } = {}): unknown {
  const controlPlane = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'].map((key) => ({ key, operator: 'Exists', effect: 'NoSchedule' }));
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd-elasticsearch', namespace: options.namespace ?? 'default', labels: { 'k8s-app': 'fluentd-logging' } },
    spec: {
      selector: { matchLabels: { name: 'fluentd-elasticsearch' } },
      template: {
        metadata: { labels: { name: 'fluentd-elasticsearch' } },
        spec: {
          ...(options.tolerateControlPlane === false ? {} : { tolerations: controlPlane }),
          containers: [
            {
              name: 'fluentd-elasticsearch',
              image: options.image ?? 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2',
              resources: { limits: { memory: '200Mi' }, requests: { cpu: '100m', memory: '200Mi' } },
              volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }],
            },
          ],
          terminationGracePeriodSeconds: 30,
          volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
          ...options.podSpec,
        },
      },
      ...extra,
    },
  };
}
