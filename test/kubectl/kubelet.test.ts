/**
 * What the kubelet does with the most common beginner manifests, through /usr/bin/kubectl:
 * a container that will exit later (`sleep 3600`) is Ready while it runs, so `kubectl wait` and
 * rollouts finish; ConfigMaps and Secrets reach containers as variables and files, and a missing
 * one stops the pod with the kubelet's own words until it is created.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Grace');
const { kubectl, apply } = session;


const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  greeting: hello
  colour: blue
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: s3cr3t
`;

/** A busybox pod whose script prints what it was given; \`extra\` goes under the container, \`volumes\` under the spec. */
function scriptPod(name: string, script: string, extra: string, volumes = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", ${JSON.stringify(script)}]
${extra}${volumes}`;
}

describe('a container that will exit is Ready while it runs', () => {
  it('makes `kubectl run ... -- sleep 3600` 1/1 Running, and `kubectl wait` for Ready succeeds', async () => {
    expect(await kubectl('run', 's', '--image=busybox', '--', 'sleep', '3600')).toBe('pod/s created\n');
    session.lab.advance(30_000);
    expect(await kubectl('wait', '--for=condition=Ready', 'pod/s', '--timeout=10s')).toBe('pod/s condition met\n');
    expect(await kubectl('get', 'pod', 's', '--no-headers')).toMatch(/^s\s+1\/1\s+Running\s+0\s+\S+\n$/);
  });

  it('rolls out `kubectl create deployment sleeper --image=busybox -- sleep 3600`', async () => {
    expect(await kubectl('create', 'deployment', 'sleeper', '--image=busybox', '--', 'sleep', '3600')).toBe('deployment.apps/sleeper created\n');
    session.lab.advance(30_000);
    expect(await kubectl('rollout', 'status', 'deployment/sleeper', '--timeout=20s')).toContain('deployment "sleeper" successfully rolled out\n');
    expect(await kubectl('get', 'deployment', 'sleeper', '--no-headers')).toMatch(/^sleeper\s+1\/1\s+1\s+1\s+\S+\n$/);
  });
});

describe('ConfigMaps and Secrets reach the containers', () => {
  it('gives a script its variables and mounted files, and `kubectl logs` shows them', async () => {
    expect(await apply(CONFIG)).toBe('configmap/cfg created\nsecret/creds created\n');
    const pod = scriptPod(
      'greeter',
      'echo "GREETING=$GREETING PASSWORD=$PASSWORD"; echo "colour=$CFG_colour"; cat /etc/config/greeting; ls /etc/config; cat /etc/secret/password; sleep 3600',
      `    env:
    - name: GREETING
      valueFrom:
        configMapKeyRef: {name: cfg, key: greeting}
    - name: PASSWORD
      valueFrom:
        secretKeyRef: {name: creds, key: password}
    envFrom:
    - prefix: CFG_
      configMapRef: {name: cfg}
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: secret, mountPath: /etc/secret, readOnly: true}
`,
      `  volumes:
  - name: config
    configMap: {name: cfg}
  - name: secret
    secret: {secretName: creds}
`,
    );
    expect(await apply(pod)).toBe('pod/greeter created\n');
    session.lab.advance(30_000);
    expect(await kubectl('get', 'pod', 'greeter', '--no-headers')).toMatch(/^greeter\s+1\/1\s+Running\s+0\s+\S+\n$/);
    expect(await kubectl('logs', 'greeter')).toBe('GREETING=hello PASSWORD=s3cr3t\ncolour=blue\nhello\ncolour\ngreeting\ns3cr3t\n');
  });

  it('holds a pod in CreateContainerConfigError with the kubelet\'s message until the ConfigMap exists', async () => {
    const pod = scriptPod('nocm', 'echo "GREETING=$GREETING"; sleep 3600', `    env:
    - name: GREETING
      valueFrom:
        configMapKeyRef: {name: nope, key: greeting}
`);
    expect(await apply(pod)).toBe('pod/nocm created\n');
    session.lab.advance(30_000);
    expect(await kubectl('get', 'pod', 'nocm', '--no-headers')).toMatch(/^nocm\s+0\/1\s+CreateContainerConfigError\s+0\s+\S+\n$/);
    const described = await kubectl('describe', 'pod', 'nocm');
    expect(described).toMatch(/\n\s+State:\s+Waiting\n\s+Reason:\s+CreateContainerConfigError\n/);
    expect(described).toMatch(/\n\s+Warning\s+Failed\s+\S+( \(x\d+ over \S+\))?\s+kubelet\s+Error: configmap "nope" not found\n/);

    expect(await kubectl('create', 'configmap', 'nope', '--from-literal=greeting=late')).toBe('configmap/nope created\n');
    session.lab.advance(30_000);
    expect(await kubectl('wait', '--for=condition=Ready', 'pod/nocm', '--timeout=10s')).toBe('pod/nocm condition met\n');
    expect(await kubectl('logs', 'nocm')).toBe('GREETING=late\n');
  });

  it('keeps a pod whose ConfigMap volume is missing in ContainerCreating with FailedMount, then mounts it once created', async () => {
    const pod = scriptPod('novol', 'cat /etc/config/greeting; sleep 3600', `    volumeMounts:
    - {name: cfg, mountPath: /etc/config}
`, `  volumes:
  - name: cfg
    configMap: {name: missing}
`);
    expect(await apply(pod)).toBe('pod/novol created\n');
    session.lab.advance(30_000);
    expect(await kubectl('get', 'pod', 'novol', '--no-headers')).toMatch(/^novol\s+0\/1\s+ContainerCreating\s+0\s+\S+\n$/);
    expect(await kubectl('describe', 'pod', 'novol')).toMatch(/\n\s+Warning\s+FailedMount\s+\S+( \(x\d+ over \S+\))?\s+kubelet\s+MountVolume\.SetUp failed for volume "cfg" : configmap "missing" not found\n/);

    expect(await kubectl('create', 'configmap', 'missing', '--from-literal=greeting=mounted')).toBe('configmap/missing created\n');
    session.lab.advance(130_000); // the volume manager retries within 2 min 2 s
    expect(await kubectl('wait', '--for=condition=Ready', 'pod/novol', '--timeout=10s')).toBe('pod/novol condition met\n');
    expect(await kubectl('logs', 'novol')).toBe('mounted\n');
  });
});
