/**
 * PodDisruptionBudgets, evictions and `kubectl drain` with the real kubectl v1.32: the docs' zk-pdb
 * (https://kubernetes.io/docs/tasks/run-application/configure-pdb/) with get and describe, kubectl
 * create pdb, a drain that a budget blocks until its timeout, and one that retries a refused
 * eviction every 5 s until the ReplicaSet's replacement is Ready on the other worker and then ends
 * with `node/worker-1 drained` (https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/).
 * The cluster's clock runs with the wall clock here, so kubectl's 5 s retry sees 5 s of simulated time.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Ada');
const { kubectl, run } = session;

const rows = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));

/** The docs' zookeeper budget, and a Deployment of three pods it selects. */
const ZK_PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: zookeeper
`;
const ZK = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: zk
spec:
  replicas: 3
  selector:
    matchLabels:
      app: zookeeper
  template:
    metadata:
      labels:
        app: zookeeper
    spec:
      containers:
      - name: zk
        image: nginx
`;

/** Three nginx pods with a readiness probe that first passes 6 s after the start. */
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        readinessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 6
          periodSeconds: 2
`;

/** The worker running most of the pods labelled `app=<app>`, and how many it runs. */
async function busiestWorker(app: string): Promise<{ node: string; pods: number }> {
  const nodes = (await kubectl('get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}')).trim().split('\n');
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node, (counts.get(node) ?? 0) + 1);
  const [node = '', pods = 0] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
  return { node, pods };
}

describe('PodDisruptionBudgets with kubectl', () => {
  it('applies the docs’ zk-pdb and shows it as v1.32 does in get, -o yaml and describe', async () => {
    await session.apply(ZK);
    session.lab.advance(30_000);
    expect(await session.apply(ZK_PDB)).toBe('poddisruptionbudget.policy/zk-pdb created\n');
    const table = rows(await kubectl('get', 'poddisruptionbudgets'));
    expect(table[0]).toEqual(['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    expect(table[1]?.slice(0, 4)).toEqual(['zk-pdb', '2', 'N/A', '1']);
    const status = JSON.parse(await kubectl('get', 'pdb', 'zk-pdb', '-o', 'jsonpath={.status}'));
    expect(status).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, observedGeneration: 1 });
    expect(status.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: expect.any(String), reason: 'SufficientPods', message: '' }]);
    expect(await kubectl('describe', 'pdb', 'zk-pdb')).toMatch(
      /^Name: +zk-pdb\nNamespace: +default\nMin available: +2\nSelector: +app=zookeeper\nStatus:\n +Allowed disruptions: +1\n +Current: +3\n +Desired: +2\n +Total: +3\nEvents: +<none>\n$/,
    );
    // The docs' other form: maxUnavailable 1 of the Deployment's three.
    await kubectl('delete', 'pdb', 'zk-pdb');
    expect(await kubectl('create', 'pdb', 'zk-pdb', '--selector=app=zookeeper', '--max-unavailable=1')).toBe('poddisruptionbudget.policy/zk-pdb created\n');
    expect(rows(await kubectl('get', 'pdb'))[1]?.slice(0, 4)).toEqual(['zk-pdb', 'N/A', '1', '1']);
    const both = await run('create', 'pdb', 'bad', '--selector=app=zookeeper', '--min-available=1', '--max-unavailable=1');
    expect(both.stderr).toBe('error: min-available and max-unavailable cannot be both specified\n');
    const over = await run('create', 'pdb', 'bad', '--selector=app=zookeeper', '--min-available=150%');
    expect(over.stderr).toBe('error: failed to create poddisruptionbudgets: PodDisruptionBudget.policy "bad" is invalid: spec.minAvailable: Invalid value: "150%": must not be greater than 100%\n');
    await kubectl('delete', 'deployment', 'zk');
    await kubectl('delete', 'pdb', 'zk-pdb');
  });

  it('keeps a drain from evicting what the budget protects: kubectl retries every 5 s until its timeout', { timeout: 60_000 }, async () => {
    await kubectl('create', 'deployment', 'db', '--image=nginx', '--replicas=2');
    session.lab.advance(30_000);
    await kubectl('create', 'pdb', 'db-pdb', '--selector=app=db', '--min-available=2');
    expect(rows(await kubectl('get', 'pdb', 'db-pdb'))[1]?.slice(0, 4)).toEqual(['db-pdb', '2', 'N/A', '0']);
    const { node } = await busiestWorker('db');
    const drain = await session.learner.kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--pod-selector=app=db', '--timeout=7s'], { timeoutMs: 60_000 });
    expect(drain.code).toBe(1);
    expect(drain.stdout).toMatch(new RegExp(`^node/${node} cordoned\nevicting pod default/db-`));
    expect(drain.stderr).toMatch(/error when evicting pods\/"db-[a-z0-9]+-[a-z0-9]{5}" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
    const pod = /error when evicting pods\/"(db-[a-z0-9-]+)"/.exec(drain.stderr)?.[1] ?? '';
    expect(drain.stderr).toContain(
      [
        `There are pending pods in node "${node}" when an error occurred: error when evicting pods/"${pod}" -n "default": global timeout reached: 7s`,
        `pod/${pod}`,
        `error: unable to drain node "${node}" due to error: error when evicting pods/"${pod}" -n "default": global timeout reached: 7s, continuing command...`,
        'There are pending nodes to be drained:',
        ` ${node}`,
        `error when evicting pods/"${pod}" -n "default": global timeout reached: 7s`,
        '',
      ].join('\n'),
    );
    // Nothing was evicted, and the node stays cordoned until uncordoned.
    expect(rows(await kubectl('get', 'pods', '-l', 'app=db')).slice(1).map((r) => r[2])).toEqual(['Running', 'Running']);
    expect(rows(await kubectl('get', 'node', node))[1]?.[1]).toBe('Ready,SchedulingDisabled');
    expect(await kubectl('uncordon', node)).toBe(`node/${node} uncordoned\n`);
    expect(rows(await kubectl('get', 'node', node))[1]?.[1]).toBe('Ready');
    await kubectl('delete', 'deployment', 'db');
    await kubectl('delete', 'pdb', 'db-pdb');
  });

  it('drains a worker: one eviction at a time as the budget allows, the replacements on the other worker, then drained', { timeout: 120_000 }, async () => {
    // Ready 6 s after it starts: the first eviction's replacement is not Ready when the second eviction comes, however loaded the machine.
    await session.apply(WEB);
    session.lab.advance(30_000);
    await kubectl('create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=2');
    const { node, pods } = await busiestWorker('web');
    expect(pods).toBeGreaterThanOrEqual(2);
    expect(await kubectl('cordon', node)).toBe(`node/${node} cordoned\n`);
    const drain = await session.learner.kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s'], { timeoutMs: 110_000 });
    expect(drain.code, `${drain.stdout}${drain.stderr}${await kubectl('get', 'pods', '-A', '-o', 'wide')}`).toBe(0);
    expect(drain.stderr).toMatch(/^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-[a-z0-9]{5}\n/);
    // The second pod's eviction waits for the first one's replacement to be Ready.
    expect(drain.stderr).toMatch(/error when evicting pods\/"web-[a-z0-9]+-[a-z0-9]{5}" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
    expect(drain.stdout).toMatch(new RegExp(`^node/${node} already cordoned\n`));
    expect(drain.stdout.match(/^pod\/web-\S+ evicted$/gm)).toHaveLength(pods);
    expect(drain.stdout).toMatch(new RegExp(`\nnode/${node} drained\n$`));
    // The last replacement gets Ready 6 s after its start.
    session.lab.advance(10_000);
    const placed = rows(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'wide')).slice(1);
    expect(placed.map((r) => [r[1], r[2]])).toEqual([['1/1', 'Running'], ['1/1', 'Running'], ['1/1', 'Running']]);
    expect(placed.map((r) => r[6]).filter((n) => n === node)).toEqual([]);
    expect(rows(await kubectl('get', 'pdb', 'web-pdb'))[1]?.slice(0, 4)).toEqual(['web-pdb', '2', 'N/A', '1']);
    expect(await kubectl('uncordon', node)).toBe(`node/${node} uncordoned\n`);
  });
});
