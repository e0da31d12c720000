/** The StatefulSet tests' manifest, shared by the controller's tests and its property test. */

/** The Kubernetes docs' StatefulSet example (concepts/workloads/controllers/statefulset). */
export function webStatefulSet(extra: Record<string, unknown> = {}, image = 'registry.k8s.io/nginx-slim:0.24'): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      serviceName: 'nginx',
      replicas: 3,
      minReadySeconds: 0,
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          terminationGracePeriodSeconds: 10,
          containers: [{ name: 'nginx', image, ports: [{ containerPort: 80, name: 'web' }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  };
}
