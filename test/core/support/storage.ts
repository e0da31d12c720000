/** Manifests of the storage tests: a claim as the Kubernetes docs write one, and a busybox pod mounting a claim at /data. */

/** A claim (task-pv-claim style) of 1Gi ReadWriteOnce, in the default class unless `extra` says otherwise. */
export function claimManifest(name: string, extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra } };
}

/** A busybox pod mounting `claim` at /data and running `script` once. */
export function podWithClaim(name: string, claim: string, script: string): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      restartPolicy: 'Never',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
      containers: [{ name: 'main', image: 'busybox:1.37', command: ['sh', '-c', script], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    },
  };
}
