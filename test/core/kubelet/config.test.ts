import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { podLogs } from '#core/kubelet/logs.ts';
import type { Container, KubeObject } from '#core/objects.ts';
import { configMap } from '../support/objects.ts';
import { at, bindPod, container, getPod, kubectlRow, kubectlStatus, kubeletCluster, podEvents } from './fixtures.ts';

function create(cluster: Cluster, object: KubeObject): void {
  const result = cluster.etcd.create(object);
  if (!result.ok) throw new Error(`create ${object.metadata.name}: ${result.failure.reason}`);
}

/** A Secret as the API server stores it: data base64-encoded. */
function secret(name: string, data: Record<string, string>): KubeObject {
  const encoded = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, btoa(value)]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '', creationTimestamp: '2026-11-25T09:00:00Z' }, type: 'Opaque', data: encoded } as KubeObject;
}

function logs(cluster: Cluster, name: string, previous = false): string {
  const snapshot = cluster.toSnapshot();
  const result = podLogs(cluster.etcd, getPod(cluster, name), previous ? { previous } : {}, cluster.now, snapshot.faults.stoppedNodes, snapshot.runtime);
  if (!result.ok) throw new Error(result.message);
  return result.text;
}

const script = (source: string, extra: Partial<Container> = {}) => container('app', 'busybox:1.36', { command: ['sh', '-c', source], ...extra });

describe('ConfigMaps and Secrets reaching a container', () => {
  it('gives env, envFrom (with a prefix) and mounted files their values, and logs show what the script printed', () => {
    const cluster = kubeletCluster();
    create(cluster, configMap('cfg', { greeting: 'hello', colour: 'blue', 'app.conf': 'port=8080\nmode=dev\n' }));
    create(cluster, secret('creds', { password: 's3cr3t', user: 'admin' }));
    const app = script('echo "GREETING=$GREETING PASSWORD=$PASSWORD CFG_colour=$CFG_colour user=$user"; cat /etc/config/greeting; ls /etc/config; cat /etc/app.conf; cat /etc/secret/pw; cat /etc/config/nope; sleep 3600', {
      env: [
        { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
      ],
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
      volumeMounts: [
        { name: 'config', mountPath: '/etc/config' },
        { name: 'config', mountPath: '/etc/app.conf', subPath: 'app.conf' },
        { name: 'secret', mountPath: '/etc/secret', readOnly: true },
      ],
    } as Partial<Container>);
    bindPod(cluster, 'app', [app], { volumes: [{ name: 'config', configMap: { name: 'cfg' } }, { name: 'secret', secret: { secretName: 'creds', items: [{ key: 'password', path: 'pw' }] } }] });
    at(cluster, 10_000);
    expect(kubectlRow(cluster, 'app')).toBe('1/1 Running 0');
    expect(logs(cluster, 'app')).toBe(
      [
        'GREETING=hello PASSWORD=s3cr3t CFG_colour=blue user=admin',
        'hello',
        'app.conf',
        'colour',
        'greeting',
        'port=8080',
        'mode=dev',
        's3cr3t',
        "cat: can't open '/etc/config/nope': No such file or directory",
        '',
      ].join('\n'),
    );

    // The container keeps what it was started with; a change reaches only the next instance.
    cluster.etcd.update({ ...(cluster.etcd.get('ConfigMap', 'default', 'cfg') as KubeObject), data: { greeting: 'changed' } } as KubeObject);
    at(cluster, 20_000);
    expect(logs(cluster, 'app').split('\n')[0]).toBe('GREETING=hello PASSWORD=s3cr3t CFG_colour=blue user=admin');
  });

  it('holds a container in CreateContainerConfigError, in the kubelet\'s words, until the ConfigMap exists', () => {
    const cluster = kubeletCluster();
    bindPod(cluster, 'nocm', [script('echo $GREETING; sleep 3600', { env: [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'nope', key: 'greeting' } } }] })]);
    at(cluster, 10_000);
    expect(kubectlRow(cluster, 'nocm')).toBe('0/1 CreateContainerConfigError 0');
    expect(getPod(cluster, 'nocm').status?.containerStatuses?.[0]?.state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "nope" not found' });
    expect(getPod(cluster, 'nocm').status?.phase).toBe('Pending');
    expect(podEvents(cluster, 'nocm')).toContain('Warning Failed: Error: configmap "nope" not found');

    create(cluster, configMap('nope', { greeting: 'at last' }));
    at(cluster, 25_000); // the pod worker's next sync finds it
    expect(kubectlRow(cluster, 'nocm')).toBe('1/1 Running 0');
    expect(logs(cluster, 'nocm')).toBe('at last\n');
  });

  it('words a missing key of a ConfigMap or Secret, and skips what is optional', () => {
    const cluster = kubeletCluster();
    create(cluster, configMap('cfg', { greeting: 'hello' }));
    create(cluster, secret('creds', { password: 'pw' }));
    bindPod(cluster, 'cmkey', [script('sleep 3600', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope' } } }] })]);
    bindPod(cluster, 'secretkey', [script('sleep 3600', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }] })]);
    bindPod(cluster, 'nosecret', [script('sleep 3600', { envFrom: [{ secretRef: { name: 'gone' } }] } as Partial<Container>)]);
    const optional = script('echo "[${X-unset}] [${Y-unset}] [${Z-unset}]"; sleep 3600', {
      env: [
        { name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope', optional: true } } },
        { name: 'Y', valueFrom: { secretKeyRef: { name: 'gone', key: 'k', optional: true } } },
      ],
      envFrom: [{ configMapRef: { name: 'gone', optional: true } }],
    } as Partial<Container>);
    bindPod(cluster, 'optional', [optional]);
    at(cluster, 10_000);
    const waiting = (name: string) => getPod(cluster, name).status?.containerStatuses?.[0]?.state.waiting?.message;
    expect(waiting('cmkey')).toBe("couldn't find key nope in ConfigMap default/cfg");
    expect(waiting('secretkey')).toBe("couldn't find key nope in Secret default/creds");
    expect(waiting('nosecret')).toBe('secret "gone" not found');
    expect(kubectlRow(cluster, 'optional')).toBe('1/1 Running 0');
    expect(logs(cluster, 'optional')).toBe('[unset] [unset] [unset]\n');
  });

  it('keeps a pod whose volume cannot be mounted in ContainerCreating with FailedMount, and goes on once the object exists', () => {
    const cluster = kubeletCluster();
    const mounting = script('cat /etc/config/greeting; sleep 3600', { volumeMounts: [{ name: 'cfg', mountPath: '/etc/config' }] } as Partial<Container>);
    bindPod(cluster, 'novol', [mounting], { volumes: [{ name: 'cfg', configMap: { name: 'nope' } }] });
    bindPod(cluster, 'nokey', [mounting], { volumes: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'nope', path: 'greeting' }] } }] });
    bindPod(cluster, 'nosecret', [mounting], { volumes: [{ name: 'cfg', secret: { secretName: 'gone' } }] });
    bindPod(cluster, 'optional', [mounting], { volumes: [{ name: 'cfg', configMap: { name: 'absent', optional: true } }] });
    create(cluster, configMap('cfg', { greeting: 'hello' }));
    at(cluster, 30_000);
    expect(kubectlRow(cluster, 'novol')).toBe('0/1 ContainerCreating 0');
    expect(getPod(cluster, 'novol').status?.podIP).toBeUndefined();
    expect(getPod(cluster, 'novol').status?.conditions?.[0]).toMatchObject({ type: 'PodReadyToStartContainers', status: 'False' });
    expect(podEvents(cluster, 'novol')).toEqual(['Warning FailedMount: MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found']);
    expect(podEvents(cluster, 'nokey')).toEqual(['Warning FailedMount: MountVolume.SetUp failed for volume "cfg" : configmap references non-existent config key: nope']);
    expect(podEvents(cluster, 'nosecret')).toEqual(['Warning FailedMount: MountVolume.SetUp failed for volume "cfg" : secret "gone" not found']);
    expect(kubectlRow(cluster, 'optional')).toBe('1/1 Running 0');
    expect(logs(cluster, 'optional')).toBe("cat: can't open '/etc/config/greeting': No such file or directory\n");

    create(cluster, configMap('nope', { greeting: 'found' }));
    at(cluster, 200_000); // the volume manager's back-off is at most 2 min 2 s
    expect(kubectlRow(cluster, 'novol')).toBe('1/1 Running 0');
    expect(logs(cluster, 'novol')).toBe('found\n');
    expect(kubectlStatus(cluster, 'nokey')).toBe('ContainerCreating');
  });
});
