/**
 * The protobuf kubectl v1.32 sends for pods, through the real client: `kubectl debug --copy-to`
 * posts the whole PodSpec it read (volumes, probes, affinity, tolerations, security contexts,
 * resources) as protobuf, and the copy must come out as the original; `kubectl debug node/` posts
 * a host pod.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Pat');
const { kubectl } = session;
const RICH = fileURLToPath(new URL('fixtures/rich-pod.yaml', import.meta.url));

type Json = Record<string, any>;
const podJson = async (name: string): Promise<Json> => JSON.parse(await kubectl('get', 'pod', name, '-o', 'json'));

describe('pods kubectl sends as protobuf', () => {
  it('copies a pod that uses most of PodSpec with kubectl debug --copy-to, every field intact', async () => {
    expect(await kubectl('apply', '-f', RICH)).toBe('pod/rich created\n');
    session.lab.advance(30_000);
    const keep = ['--keep-liveness', '--keep-readiness', '--keep-startup', '--keep-labels', '--keep-annotations'];
    expect(await kubectl('debug', 'rich', '--copy-to=rich-copy', '--image=busybox:1.37', '--container=dbg', ...keep, '--profile=general', '--', 'sleep', '1d')).toBe('');
    const source = await podJson('rich');
    const copy = await podJson('rich-copy');
    const { nodeName: _n, containers, ...spec } = source.spec;
    const { nodeName: _m, containers: copied, shareProcessNamespace, ...copiedSpec } = copy.spec;
    // Go sends every container's resources struct, empty or not: the init container's `{}` is new.
    expect(copiedSpec).toEqual({ ...spec, initContainers: [{ ...spec.initContainers[0], resources: {} }] });
    expect(shareProcessNamespace).toBe(true);
    // What the manifest spelled out as zeros (hostPort: 0, value: "", stdin/tty: false) is unset to Go, and not sent.
    const { stdin: _s, tty: _t, ...web } = containers[0];
    web.ports = [web.ports[0], { containerPort: 9090, protocol: 'UDP' }];
    web.env = web.env.map((env: Json) => (env['value'] === '' ? { name: env['name'] } : env));
    expect(copied[0]).toEqual(web);
    expect(copied[1]).toMatchObject({ name: 'dbg', image: 'busybox:1.37', command: ['sleep', '1d'], securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
    expect(copy.metadata.labels).toEqual(source.metadata.labels);
  });

  it('creates the host pod of kubectl debug node/', async () => {
    const result = await session.run('debug', 'node/worker-1', '--image=busybox:1.37', '--profile=sysadmin', '--', 'sleep', '1d');
    expect(result.code).toBe(0);
    const name = /Creating debugging pod (node-debugger-worker-1-\w+) with container debugger on node worker-1\./.exec(result.stdout + result.stderr)?.[1];
    expect(name).toBeDefined();
    const pod = await podJson(name as string);
    expect(pod.spec).toMatchObject({ nodeName: 'worker-1', hostPID: true, hostIPC: true, hostNetwork: true, restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }] });
    expect(pod.spec.volumes[0]).toMatchObject({ name: 'host-root', hostPath: { path: '/' } });
    expect(pod.spec.containers[0]).toMatchObject({ name: 'debugger', image: 'busybox:1.37', command: ['sleep', '1d'], securityContext: { privileged: true } });
    expect(pod.spec.containers[0].volumeMounts[0]).toEqual({ name: 'host-root', mountPath: '/host' });
  });
});
