/**
 * StatefulSets through /usr/bin/kubectl v1.32: the Kubernetes docs' example (headless Service
 * `nginx`, StatefulSet `web` with claims `www` of 1Gi) applied from YAML and run end to end with the
 * default StorageClass (WaitForFirstConsumer); get sts,pods,pvc in v1.32's columns, describe sts,
 * rollout status, scale, and a deleted pod coming back with its claim.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession } from './support.ts';

beforeAll(async () => {
  process.env[ENV.kubectl] = await layerBinary('kubectl');
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-terminal-test-'));
});
const session = kubectlSession('Grace');
const { kubectl } = session;

/** One line in the learner's web terminal. */
async function terminal(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ line }),
  });
  return (await response.json()) as { stdout: string; stderr: string; exitCode: number };
}

/** https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#components */
const WEB = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx # has to match .spec.template.metadata.labels
  serviceName: "nginx"
  replicas: 3 # by default is 1
  minReadySeconds: 10 # by default is 0
  template:
    metadata:
      labels:
        app: nginx # has to match .spec.selector.matchLabels
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: "standard"
      resources:
        requests:
          storage: 1Gi
`;

const rows = (text: string) => text.trimEnd().split('\n').filter(Boolean).map((line) => line.trim().split(/\s{2,}/));

describe('StatefulSets with kubectl', () => {
  it('applies the docs example: pods web-0..2 in order, each with its claim bound at its first consumer', async () => {
    expect(await session.learner.kubectl(['apply', '-f', '-'], { input: WEB })).toMatchObject({ stdout: 'service/nginx created\nstatefulset.apps/web created\n', code: 0 });
    session.lab.advance(60_000);
    const got = rows(await kubectl('get', 'sts,pods,pvc'));
    expect(got[0]).toEqual(['NAME', 'READY', 'AGE']);
    expect(got[1]?.slice(0, 2)).toEqual(['statefulset.apps/web', '3/3']);
    expect(got[2]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(got.slice(3, 6).map((row) => row.slice(0, 4))).toEqual(['web-0', 'web-1', 'web-2'].map((name) => [`pod/${name}`, '1/1', 'Running', '0']));
    // Ordered: each pod younger than the one before it.
    const ages = got.slice(3, 6).map((row) => Number(row[4]?.replace('s', '')));
    expect(ages[0]).toBeGreaterThan(ages[1]!);
    expect(ages[1]).toBeGreaterThan(ages[2]!);
    expect(got[6]).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    for (const [i, row] of got.slice(7, 10).entries()) {
      expect(row.slice(0, 7)).toEqual([`persistentvolumeclaim/www-web-${i}`, 'Bound', expect.stringMatching(/^pvc-[0-9a-f-]{36}$/), '1Gi', 'RWO', 'standard', '<unset>']);
    }
    const wide = rows(await kubectl('get', 'sts', '-o', 'wide'));
    expect(wide[0]).toEqual(['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
    expect([wide[1]?.[0], wide[1]?.[1], wide[1]?.[3], wide[1]?.[4]]).toEqual(['web', '3/3', 'nginx', 'registry.k8s.io/nginx-slim:0.24']);
    expect(await kubectl('get', 'pod', 'web-1', '-o', "jsonpath={.spec.hostname} {.spec.subdomain} {.metadata.labels['statefulset\\.kubernetes\\.io/pod-name']} {.metadata.labels['apps\\.kubernetes\\.io/pod-index']}")).toBe('web-1 nginx web-1 1');
    expect(await kubectl('get', 'sts', 'web', '-o', 'jsonpath={.spec.podManagementPolicy} {.spec.updateStrategy} {.spec.persistentVolumeClaimRetentionPolicy} {.spec.revisionHistoryLimit}')).toBe(
      'OrderedReady {"rollingUpdate":{"partition":0},"type":"RollingUpdate"} {"whenDeleted":"Retain","whenScaled":"Retain"} 10',
    );
  });

  it('describes the StatefulSet with its claims and the controller events, and reports the rollout done', async () => {
    const described = await kubectl('describe', 'sts', 'web');
    expect(described).toMatch(/^Name: {15}web\nNamespace: {10}default\nCreationTimestamp: .*\nSelector: {11}app=nginx\n/);
    for (const line of ['Replicas:           3 desired | 3 total', 'Update Strategy:    RollingUpdate', '  Partition:        0', 'Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed', 'Volume Claims:', '  Name:          www', '  StorageClass:  standard', '  Capacity:      1Gi', '  Access Modes:  [ReadWriteOnce]']) {
      expect(described).toContain(`\n${line}\n`);
    }
    for (const message of ['create Claim www-web-0 Pod web-0 in StatefulSet web success', 'create Pod web-0 in StatefulSet web successful', 'create Pod web-2 in StatefulSet web successful']) {
      expect(described).toMatch(new RegExp(`Normal {2}SuccessfulCreate .* statefulset-controller {2}${message}\n`));
    }
    // v1.32's viewer for a RollingUpdate with a partition (defaulted to 0).
    expect(await kubectl('rollout', 'status', 'sts/web')).toBe('partitioned roll out complete: 3 new pods have been updated...\n');
  });

  it('answers curl of web-0.nginx from the terminal with web-0', async () => {
    const ip = await kubectl('get', 'pod', 'web-0', '-o', 'jsonpath={.status.podIP}');
    for (const host of ['web-0.nginx', 'web-0.nginx.default.svc.cluster.local']) {
      const answer = await terminal(`curl http://${host}/`);
      expect(answer.exitCode).toBe(0);
      expect(answer.stderr).toContain(`pod web-0 (${ip}:80)`);
    }
  });

  it('scales down from the top and keeps the claims; a deleted pod comes back with its name and claim', async () => {
    expect(await kubectl('scale', 'sts', 'web', '--replicas=2')).toBe('statefulset.apps/web scaled\n');
    session.lab.advance(60_000);
    expect(await kubectl('get', 'pods', '-l', 'app=nginx', '-o', 'name')).toBe('pod/web-0\npod/web-1\n');
    expect(await kubectl('get', 'pvc', '-o', 'name')).toBe('persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\npersistentvolumeclaim/www-web-2\n');
    const uid = await kubectl('get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}');
    const volume = await kubectl('get', 'pvc', 'www-web-0', '-o', 'jsonpath={.spec.volumeName}');
    expect(await kubectl('delete', 'pod', 'web-0')).toBe('pod "web-0" deleted\n');
    session.lab.advance(60_000);
    expect(await kubectl('get', 'pod', 'web-0', '-o', 'jsonpath={.status.phase} {.spec.volumes[0].persistentVolumeClaim.claimName}')).toBe('Running www-web-0');
    expect(await kubectl('get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}')).not.toBe(uid);
    expect(await kubectl('get', 'pvc', 'www-web-0', '-o', 'jsonpath={.spec.volumeName}')).toBe(volume);
    expect(await kubectl('describe', 'sts', 'web')).toMatch(/SuccessfulDelete .* statefulset-controller {2}delete Pod web-2 in StatefulSet web successful\n/);
  });
});
