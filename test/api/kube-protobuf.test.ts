/**
 * The protobuf bodies real clients send, decoded into the JSON of the same object. The fixtures
 * under fixtures/kube-protobuf/ were captured by a logging proxy in front of the local server:
 * kubectl v1.32's typed commands (create, auth, debug) and helm v3.17's release storage. Kinds no
 * client sends as protobuf (Lease, EndpointSlice, Eviction, Scale, Node, Event) are encoded here
 * by hand, field numbers read from k8s.io/api's generated.proto, independently of the tables.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, ProtobufDecodeError, UnsupportedProtobufKindError } from '#adapters/http/kube-protobuf.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`fixtures/kube-protobuf/${name}`, import.meta.url));
const json = (name: string): Record<string, any> => JSON.parse(fixture(name).toString('utf8'));

describe('protobuf kubectl sends', () => {
  it('decodes the pod kubectl debug --copy-to copies into the JSON it read, less what Go cannot tell from unset', async () => {
    // kubectl debug rich --copy-to=rich-copy --image=busybox:1.37 --container=dbg --keep-liveness --keep-readiness
    //   --keep-startup --keep-labels --keep-annotations --profile=general -- sleep 1d
    const copy = (await decodeKubeProtobuf(fixture('debug-copy-pod.pb'))) as Record<string, any>;
    const source = json('debug-copy-source.json');
    expect(copy.metadata).toEqual({ name: 'rich-copy', namespace: 'default', labels: source.metadata.labels, annotations: source.metadata.annotations });
    const { nodeName, containers, initContainers, ...rest } = source.spec;
    expect(nodeName).toBe('worker-2');
    // Volumes, affinity, tolerations, securityContext, dnsConfig, hostAliases, topologySpreadConstraints, priority 0 (a pointer).
    expect(copy.spec).toMatchObject({ ...rest, shareProcessNamespace: true });
    // The plain zeros the source spelled out (hostPort: 0, value: "", stdin/tty: false) are unset to Go.
    const [web] = containers;
    const { stdin, tty, ...webSet } = web;
    expect([stdin, tty]).toEqual([false, false]);
    webSet.ports = [web.ports[0], { containerPort: 9090, protocol: 'UDP' }];
    webSet.env = web.env.map((env: { value?: string }) => (env.value === '' ? { name: 'EMPTY' } : env));
    expect(copy.spec.containers).toEqual([
      webSet,
      { name: 'dbg', image: 'busybox:1.37', command: ['sleep', '1d'], resources: {}, securityContext: { capabilities: { add: ['SYS_PTRACE'] } }, terminationMessagePolicy: 'File' },
    ]);
    // Quantities travel as their canonical strings (the manifest's cpu: "1.5" was stored as 1500m).
    expect(copy.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '1Gi' }, limits: { cpu: '1500m', memory: '128Mi' } });
    expect(copy.spec.initContainers).toEqual([{ ...initContainers[0], resources: {} }]);
    expect(copy.status).toEqual({});
  });

  it('decodes the host pod kubectl debug node/ creates', async () => {
    // kubectl debug node/worker-1 --image=busybox:1.37 --profile=sysadmin -- sleep 1d
    expect(await decodeKubeProtobuf(fixture('debug-node-pod.pb'))).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'node-debugger-worker-1-8cfpg' },
      spec: {
        volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
        containers: [{
          name: 'debugger', image: 'busybox:1.37', command: ['sleep', '1d'], resources: {},
          volumeMounts: [{ name: 'host-root', mountPath: '/host' }], securityContext: { privileged: true }, terminationMessagePolicy: 'File',
        }],
        restartPolicy: 'Never', nodeName: 'worker-1', hostNetwork: true, hostPID: true, hostIPC: true, tolerations: [{ operator: 'Exists' }],
      },
      status: {},
    });
  });

  it('decodes what kubectl create sends for each kind it creates', async () => {
    // kubectl create deployment multi --image=nginx:1.27 --image=busybox:1.37 --replicas=3 --port=80
    expect(await decodeKubeProtobuf(fixture('create-deployment.pb'))).toEqual({
      kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'multi', labels: { app: 'multi' } },
      spec: {
        replicas: 3, selector: { matchLabels: { app: 'multi' } }, strategy: {},
        template: {
          metadata: { labels: { app: 'multi' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: {} }, { name: 'busybox', image: 'busybox:1.37', resources: {} }] },
        },
      },
      status: {},
    });
    const service = async (name: string) => (await decodeKubeProtobuf(fixture(`create-service-${name}.pb`)))['spec'];
    expect(await service('clusterip')).toEqual({
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }, { name: '443-8443', protocol: 'TCP', port: 443, targetPort: 8443 }],
      selector: { app: 'web' }, type: 'ClusterIP',
    });
    expect(await service('loadbalancer')).toEqual({ ports: [{ name: '80-80', protocol: 'TCP', port: 80, targetPort: 80 }], selector: { app: 'lb' }, type: 'LoadBalancer' });
    expect(await service('externalname')).toEqual({ selector: { app: 'ext' }, type: 'ExternalName', externalName: 'example.com' });
    expect(await service('headless')).toEqual({ selector: { app: 'headless' }, clusterIP: 'None', type: 'ClusterIP' });
    expect(await decodeKubeProtobuf(fixture('create-serviceaccount.pb'))).toEqual({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'robot' } });
    // kubectl create quota q --hard=cpu=1,memory=1Gi,pods=10 --scopes=NotTerminating: Quantities are their strings.
    expect(await decodeKubeProtobuf(fixture('create-quota.pb'))).toEqual({
      kind: 'ResourceQuota', apiVersion: 'v1', metadata: { name: 'q' }, spec: { hard: { cpu: '1', memory: '1Gi', pods: '10' }, scopes: ['NotTerminating'] }, status: {},
    });
  });

  it('decodes config map and secret bytes as the base64 JSON carries', async () => {
    // kubectl create configmap files --from-literal=a=b --from-file=greeting.txt --from-file=blob=blob.bin (300 random bytes)
    const configMap = await decodeKubeProtobuf(fixture('create-configmap.pb'));
    const stored = json('create-configmap.json');
    expect(configMap).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'files' }, data: stored['data'], binaryData: stored['binaryData'] });
    expect(Buffer.from(stored['binaryData'].blob, 'base64')).toHaveLength(300);
    // kubectl create secret docker-registry reg --docker-server=r.example --docker-username=u --docker-password=p
    const secret = await decodeKubeProtobuf(fixture('create-secret-docker-registry.pb'));
    expect(secret).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 'reg' }, data: json('create-secret-docker-registry.json')['data'], type: 'kubernetes.io/dockerconfigjson' });
  });

  it('decodes the reviews of kubectl auth can-i and whoami', async () => {
    const spec = async (name: string) => (await decodeKubeProtobuf(fixture(`${name}.pb`)))['spec'];
    expect(await spec('can-i-create-pods')).toEqual({ resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } });
    expect(await spec('can-i-get-healthz')).toEqual({ nonResourceAttributes: { path: '/healthz', verb: 'get' } });
    expect(await spec('can-i-list-secrets-status')).toEqual({ resourceAttributes: { namespace: 'kube-system', verb: 'list', resource: 'secrets', subresource: 'status' } });
    expect(await decodeKubeProtobuf(fixture('whoami.pb'))).toEqual({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {}, status: { userInfo: {} } });
  });
});

describe('protobuf helm sends', () => {
  it('decodes a release Secret into the JSON the server stored from it', async () => {
    // helm install demo ./demo: the PUT that marks revision 1 deployed, and the same Secret read back with kubectl.
    const release = await decodeKubeProtobuf(fixture('helm-release-secret.pb'));
    const stored = json('helm-release-secret.json');
    const { name, labels } = stored['metadata'];
    expect(release).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name, labels }, data: stored['data'], type: 'helm.sh/release.v1' });
  });

  it('decodes the DeleteOptions helm sends with every delete of a release Secret', async () => {
    expect(await decodeKubeProtobuf(fixture('helm-delete-options.pb'))).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1' });
  });
});

/** A protobuf writer for hand-built bodies: a field is its number and a varint, a string, or nested fields. */
type Value = number | boolean | string | Buffer | Value[][] | readonly [number, Value][];
function encode(fields: readonly [number, Value][]): Buffer {
  return Buffer.concat(fields.map(([number, value]) => {
    if (typeof value === 'number' || typeof value === 'boolean') return Buffer.concat([varint(number << 3), varint(Number(value))]);
    const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.isBuffer(value) ? value : encode(value as [number, Value][]);
    return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
  }));
}
function varint(n: number): Buffer {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, BigInt(n));
  do {
    out.push(Number(rest & 0x7fn) | (rest > 0x7fn ? 0x80 : 0));
    rest >>= 7n;
  } while (rest > 0n);
  return Buffer.from(out);
}
/** The k8s envelope: magic, then runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
const body = (apiVersion: string, kind: string, raw: [number, Value][]) =>
  Buffer.concat([Buffer.from('k8s\0'), encode([[1, [[1, apiVersion], [2, kind]]], [2, encode(raw)]])]);
const meta = (name: string): [number, Value] => [1, [[1, name], [3, 'default']]];

describe('protobuf of the kinds no client sends that way', () => {
  it('decodes a Lease with its MicroTimes and pointer zeros', async () => {
    // LeaseSpec: 1 holderIdentity, 2 leaseDurationSeconds, 3 acquireTime, 4 renewTime, 5 leaseTransitions; MicroTime: 1 seconds, 2 nanos.
    const lease = body('coordination.k8s.io/v1', 'Lease', [meta('lock'), [2, [[1, 'node-a'], [2, 15], [3, [[1, 1_700_000_000], [2, 123_456_789]]], [4, [[1, 1_700_000_010]]], [5, 0]]]]);
    expect(await decodeKubeProtobuf(lease)).toEqual({
      kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', metadata: { name: 'lock', namespace: 'default' },
      spec: { holderIdentity: 'node-a', leaseDurationSeconds: 15, acquireTime: '2023-11-14T22:13:20.123456Z', renewTime: '2023-11-14T22:13:30.000000Z', leaseTransitions: 0 },
    });
  });

  it('decodes an EndpointSlice, whose ports are discovery.k8s.io\'s own message', async () => {
    // EndpointSlice: 1 metadata, 2 endpoints, 3 ports, 4 addressType; Endpoint: 1 addresses, 2 conditions{1 ready}, 6 nodeName; EndpointPort: 1 name, 2 protocol, 3 port.
    const slice = body('discovery.k8s.io/v1', 'EndpointSlice', [meta('web-abc'), [2, [[1, '10.244.1.5'], [2, [[1, false]]], [6, 'worker-1']]], [3, [[1, ''], [2, 'TCP'], [3, 80]]], [4, 'IPv4']]);
    expect(await decodeKubeProtobuf(slice)).toEqual({
      kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', metadata: { name: 'web-abc', namespace: 'default' },
      endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: false }, nodeName: 'worker-1' }],
      // Pointers all: the empty name that was sent is kept.
      ports: [{ name: '', protocol: 'TCP', port: 80 }],
      addressType: 'IPv4',
    });
  });

  it('decodes an Eviction with its DeleteOptions, and a Scale', async () => {
    // Eviction: 1 metadata, 2 deleteOptions{1 gracePeriodSeconds, 2 preconditions{1 uid}, 4 propagationPolicy, 5 dryRun}.
    const eviction = body('policy/v1', 'Eviction', [meta('web-1'), [2, [[1, 0], [2, [[1, 'u-1']]], [4, 'Foreground'], [5, 'All']]]]);
    expect(await decodeKubeProtobuf(eviction)).toEqual({
      kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: 'web-1', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'u-1' }, propagationPolicy: 'Foreground', dryRun: ['All'] },
    });
    // Scale: 1 metadata, 2 spec{1 replicas}; replicas is a plain int32 there, so 0 reads as unset, as in Go.
    expect((await decodeKubeProtobuf(body('autoscaling/v1', 'Scale', [meta('web'), [2, [[1, 4]]]])))['spec']).toEqual({ replicas: 4 });
    expect((await decodeKubeProtobuf(body('autoscaling/v1', 'Scale', [meta('web'), [2, [[1, 0]]]])))['spec']).toEqual({});
  });

  it('decodes a Node with taints and an Event with its times and involved object', async () => {
    // NodeSpec: 1 podCIDR, 4 unschedulable, 5 taints{1 key, 2 value, 3 effect, 4 timeAdded}, 7 podCIDRs.
    const node = body('v1', 'Node', [[1, [[1, 'worker-9']]], [2, [[1, '10.244.9.0/24'], [4, true], [5, [[1, 'dedicated'], [2, 'gpu'], [3, 'NoSchedule'], [4, [[1, 1_700_000_000]]]]], [7, '10.244.9.0/24']]]]);
    expect((await decodeKubeProtobuf(node))['spec']).toEqual({
      podCIDR: '10.244.9.0/24', unschedulable: true, podCIDRs: ['10.244.9.0/24'],
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule', timeAdded: '2023-11-14T22:13:20Z' }],
    });
    // Event: 2 involvedObject{1 kind, 3 name}, 3 reason, 6 firstTimestamp, 8 count, 9 type, 10 eventTime (MicroTime, zero: left out).
    const event = body('v1', 'Event', [meta('web.1'), [2, [[1, 'Pod'], [3, 'web']]], [3, 'Pulled'], [6, [[1, 1_700_000_000]]], [8, 2], [9, 'Normal'], [10, []]]);
    expect(await decodeKubeProtobuf(event)).toEqual({
      kind: 'Event', apiVersion: 'v1', metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web' }, reason: 'Pulled', firstTimestamp: '2023-11-14T22:13:20Z', count: 2, type: 'Normal',
    });
  });
});

describe('protobuf that does not decode', () => {
  it('names what is wrong', async () => {
    await expect(decodeKubeProtobuf(Buffer.from('{"kind":"Pod"}'))).rejects.toThrow('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
    await expect(decodeKubeProtobuf(fixture('debug-copy-pod.pb').subarray(0, 400))).rejects.toThrow(ProtobufDecodeError);
    await expect(decodeKubeProtobuf(body('v1', 'PodExecOptions', []))).rejects.toThrow(UnsupportedProtobufKindError);
    // A string where the table says varint: replicas is an int32.
    await expect(decodeKubeProtobuf(body('apps/v1', 'Deployment', [[2, [[1, 'three']]]]))).rejects.toThrow('wire type 2 where 0 was expected');
    await expect(decodeKubeProtobuf(body('v1', 'Node', [[1, [[9, [[1, 1e15]]]]]]))).rejects.toThrow('time out of range');
  });

  it('answers any corruption of a real body with a decode error or an object, never anything else', async () => {
    const bodies = ['debug-copy-pod.pb', 'helm-release-secret.pb', 'create-deployment.pb', 'create-quota.pb'].map(fixture);
    await fc.assert(
      fc.asyncProperty(fc.nat(bodies.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(), async (which, flips, cut) => {
        const body = Buffer.from(bodies[which] as Buffer);
        for (const [at, byte] of flips) body[4 + (at % (body.length - 4))] = byte;
        try {
          expect(typeof (await decodeKubeProtobuf(body.subarray(0, body.length - (cut % 16))))).toBe('object');
        } catch (error) {
          expect(error).toBeInstanceOf(ProtobufDecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
