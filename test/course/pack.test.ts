/**
 * The built-in course pack, played on the real simulation (API server admission, controller
 * manager, scheduler, kubelet, container runtime, cloud controller): every exercise's starting
 * state fails its checks, its reference solution passes them all, and other correct solutions
 * pass too, so the checks never fail a learner who is right.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Node } from '#core/objects.ts';
import { apply, remove, rolloutUndo, setImage } from '#services/grading/cluster-actions.ts';
import { buildStartingState, dryRunExercise, playSolution, scratchCluster } from '#services/grading/cluster-setup.ts';
import { ExerciseSchema, type Exercise, type Manifest } from '#services/grading/exercise-schema.ts';
import { gradeExercise } from '#services/grading/grade.ts';
import { COURSE_PACK, COURSE_PACK_SOURCES } from '../../lambdas/course-pack/index.ts';
import { NGINX_CLASS, SHOP_INGRESS } from '../../lambdas/course-pack/route-with-ingress.ts';
import { CLOCK_CRONJOB } from '../../lambdas/course-pack/schedule-a-job.ts';
import { ACCESS_NGINX } from '../../lambdas/course-pack/isolate-app.ts';
import { NGINX_HEADLESS, WEB_STATEFULSET } from '../../lambdas/course-pack/stateful-app.ts';
import { deployment, service } from '../../lambdas/course-pack/workshop-app.ts';

function exercise(id: string): Exercise {
  const found = COURSE_PACK.find((e) => e.id === id);
  if (!found) throw new Error(`no exercise ${id}`);
  return found;
}

/** A fresh cluster in the exercise's starting state. */
function start(ex: Exercise): Cluster {
  const cluster = scratchCluster(ex.startingState.workers, undefined, ex.startingState.flavour);
  expect(buildStartingState(cluster, ex.startingState)).toEqual([]);
  return cluster;
}

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const wait = (cluster: Cluster, seconds: number) => cluster.advanceTo(cluster.now + seconds * 1000);
const failed = (ex: Exercise, cluster: Cluster, answers = {}) => gradeExercise(ex, cluster, answers).checks.filter((c) => !c.passed).map((c) => c.id);

describe('the built-in pack', () => {
  it('covers the seed in course order, each exercise with instructions, hints, checks and a reference solution', () => {
    expect(COURSE_PACK.map((e) => e.id)).toEqual(['recap-days-1-3', 'explore-cluster', 'deploy-app', 'deploy-app-eks', 'scale-app', 'node-failure', 'rollout', 'fix-image', 'run-a-job', 'schedule-a-job', 'stateful-app', 'route-with-ingress', 'isolate-app', 'autoscale-app', 'least-privilege', 'clean-up', 'which-component']);
    for (const ex of COURSE_PACK) {
      expect(ex.instructions.length, ex.id).toBeGreaterThan(200);
      expect(ex.hints.length, ex.id).toBeGreaterThan(0);
      expect(ex.solution?.steps.length, ex.id).toBeGreaterThan(0);
    }
    // The pack is written in the same document format an instructor uploads.
    for (const source of COURSE_PACK_SOURCES) expect(ExerciseSchema.safeParse(JSON.parse(JSON.stringify(source))).success).toBe(true);
  });

  it.each(COURSE_PACK.map((e) => [e.id, e] as const))('%s: the starting state fails, the reference solution passes every check', (_id, ex) => {
    const cluster = start(ex);
    const before = gradeExercise(ex, cluster, {});
    expect(before.score).toBeLessThan(before.maxScore);
    const played = playSolution(cluster, ex.solution?.steps ?? []);
    expect(played.issues).toEqual([]);
    const after = gradeExercise(ex, cluster, played.answers);
    expect(after.checks.filter((c) => !c.passed)).toEqual([]);
    expect(after).toMatchObject({ score: after.maxScore, status: 'passed' });
  });

  // An exercise without a flavour of its own runs on the cohort's clusters, which may be EKS's.
  it.each(COURSE_PACK.filter((e) => !e.startingState.flavour).map((e) => [e.id, e] as const))('%s: on an eks cohort\'s cluster too, the reference solution passes every check', (_id, ex) => {
    const cluster = scratchCluster(ex.startingState.workers, undefined, 'eks');
    expect(buildStartingState(cluster, ex.startingState)).toEqual([]);
    const played = playSolution(cluster, ex.solution?.steps ?? []);
    expect(played.issues).toEqual([]);
    expect(gradeExercise(ex, cluster, played.answers).checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('pins to kubeadm the exercises that need its shape: the master node, worker-1, a default StorageClass', () => {
    expect(COURSE_PACK.filter((e) => e.startingState.flavour).map((e) => [e.id, e.startingState.flavour])).toEqual([
      ['explore-cluster', 'kubeadm'], ['deploy-app-eks', 'eks'], ['node-failure', 'kubeadm'], ['stateful-app', 'kubeadm'],
    ]);
  });

  it.each(COURSE_PACK.map((e) => [e.id, e] as const))('%s: passes the same dry run an uploaded exercise must pass', (_id, ex) => {
    expect(dryRunExercise(ex)).toEqual([]);
  });
});

describe('checks accept every correct solution', () => {
  it('deploy-app: any names, a Service made like kubectl expose makes it (no port names, targetPort defaulted)', () => {
    const ex = exercise('deploy-app');
    const cluster = start(ex);
    const own = deployment(2) as Manifest & { spec: { template: { metadata: { labels: Record<string, string> } }; selector: { matchLabels: Record<string, string> } } };
    const renamed = { ...own, metadata: { name: 'frontend' }, spec: { ...own.spec, selector: { matchLabels: { run: 'mine' } }, template: { ...own.spec.template, metadata: { labels: { run: 'mine' } } } } } as Manifest;
    expect(apply(cluster, renamed)).toMatchObject({ ok: true });
    expect(apply(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-lb' }, spec: { type: 'LoadBalancer', selector: { run: 'mine' }, ports: [80, 9000, 9010, 9020].map((port) => ({ name: `p${port}`, port })) } })).toMatchObject({ ok: true });
    wait(cluster, 60);
    const hostname = (cluster.etcd.get('Service', 'default', 'my-lb') as { status: { loadBalancer: { ingress: { hostname: string }[] } } }).status.loadBalancer.ingress[0]?.hostname;
    expect(hostname).toMatch(/elb/);
    expect(failed(ex, cluster, { 'external-ip': hostname })).toEqual([]);
  });

  it('deploy-app: partial credit with a message while the pods are still starting', () => {
    const ex = exercise('deploy-app');
    const cluster = start(ex);
    apply(cluster, deployment(2));
    apply(cluster, service());
    const outcome = gradeExercise(ex, cluster, {});
    expect(outcome.status).toBe('partial');
    const ready = outcome.checks.find((c) => c.id === 'deployment-ready');
    expect(ready).toMatchObject({ passed: false, message: expect.stringMatching(/^Deployment "workshop-app" has 0 of 2 replicas ready and available/) });
  });

  it('scale-app: re-applying the manifest with replicas: 4 works as well as kubectl scale', () => {
    const ex = exercise('scale-app');
    const cluster = start(ex);
    expect(apply(cluster, deployment(4))).toMatchObject({ ok: true });
    wait(cluster, 60);
    expect(failed(ex, cluster)).toEqual([]);
  });

  it('node-failure: not healed until the pods were evicted and replaced', () => {
    const ex = exercise('node-failure');
    const cluster = start(ex);
    const answers = { 'failed-node': 'worker-1', 'which-component': 'controller-manager' };
    expect(failed(ex, cluster, answers)).toContain('off-failed-node');
    wait(cluster, 60);
    expect((cluster.etcd.get('Node', undefined, 'worker-1') as Node).status?.conditions.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    expect(failed(ex, cluster, answers)).toContain('off-failed-node');
    wait(cluster, 400);
    expect(failed(ex, cluster, answers)).toEqual([]);
  });

  it('rollout: --to-revision=1 is as good as a plain undo; rolling out without the undo is not enough', () => {
    const ex = exercise('rollout');
    const cluster = start(ex);
    setImage(cluster, 'default', 'workshop-app', 'frontend', 'nginx:1.28');
    wait(cluster, 90);
    expect(failed(ex, cluster, { history: '2-3' })).toEqual(['rolled-out', 'original-image']);
    expect(rolloutUndo(cluster, 'default', 'workshop-app', 1)).toMatchObject({ ok: true });
    wait(cluster, 90);
    expect(failed(ex, cluster, { history: '2-3' })).toEqual([]);
  });

  it('fix-image: any nginx tag that exists fixes it; the broken state says why', () => {
    const ex = exercise('fix-image');
    const cluster = start(ex);
    const broken = gradeExercise(ex, cluster, {}).checks.find((c) => c.id === 'no-pull-errors');
    expect(broken?.message).toMatch(/^expected exactly 0 Pod labelled app=web in namespace "default" with .status.containerStatuses\[\*\].state.waiting.reason in/);
    setImage(cluster, 'default', 'web', 'web', 'nginx:latest');
    wait(cluster, 90);
    expect(failed(ex, cluster, { status: 'image-pull-backoff' })).toEqual([]);
  });

  it('clean-up: deleting only the Service removes the load balancer but leaves the app', () => {
    const ex = exercise('clean-up');
    const cluster = start(ex);
    remove(cluster, 'Service', 'default', 'workshop-app');
    wait(cluster, 30);
    expect(failed(ex, cluster, { why: 'cost' })).toEqual(['deployment-gone', 'namespace-empty']);
  });

  it('schedule-a-job: the docs’ hello CronJob ("* * * * *", sh -c "date; echo ..."), an @every 1m interval and date as args pass too', () => {
    const ex = exercise('schedule-a-job');
    const answers = { 'time-zone': 'utc', 'history-limit': 'three' };
    const hello = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', command: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'] }], restartPolicy: 'OnFailure' } } } },
      },
    } as Manifest;
    // date as the container's args rather than its command, busybox's shell as the image's own command.
    const args = structuredClone(CLOCK_CRONJOB) as { spec: { jobTemplate: { spec: { template: { spec: { containers: Record<string, unknown>[] } } } } } };
    args.spec.jobTemplate.spec.template.spec.containers = [{ name: 'clock', image: 'busybox', args: ['date'] }];
    for (const manifest of [hello, { ...CLOCK_CRONJOB, spec: { ...CLOCK_CRONJOB.spec, schedule: '@every 1m' } } as Manifest, args as unknown as Manifest]) {
      const cluster = start(ex);
      expect(apply(cluster, manifest)).toMatchObject({ ok: true });
      wait(cluster, 90);
      expect(failed(ex, cluster, answers)).toEqual([]);
    }
  });

  it('schedule-a-job: every five minutes, a Job made by hand, or a command that fails do not pass, and say why', () => {
    const ex = exercise('schedule-a-job');
    const answers = { 'time-zone': 'UTC', 'history-limit': 'three' };
    const message = (cluster: Cluster) => gradeExercise(ex, cluster, answers).checks.find((c) => c.id === 'runs-every-minute')?.message;
    const five = start(ex);
    apply(five, { ...CLOCK_CRONJOB, spec: { ...CLOCK_CRONJOB.spec, schedule: '*/5 * * * *' } } as Manifest);
    wait(five, 400);
    expect(message(five)).toBe('CronJob "clock" runs on the schedule "*/5 * * * *", which does not fire when "* * * * *" does; change its schedule (kubectl edit cronjob clock)');

    const byHand = start(ex);
    apply(byHand, CLOCK_CRONJOB as Manifest);
    const owner = byHand.etcd.get('CronJob', 'default', 'clock');
    // What kubectl create job now --from=cronjob/clock sends.
    apply(byHand, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'now', annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'clock', uid: owner?.metadata.uid, controller: true }] },
      spec: CLOCK_CRONJOB.spec.jobTemplate.spec,
    } as Manifest);
    wait(byHand, 30);
    expect(message(byHand)).toMatch(/^CronJob "clock" \("\*\/1 \* \* \* \*"\) has not run a Job yet; its schedule next fires at \S+; wait, and watch with kubectl get jobs --watch \(a Job made with kubectl create job --from=cronjob\/clock does not count: the schedule must make it\)$/);

    const typo = start(ex);
    const dat = structuredClone(CLOCK_CRONJOB);
    dat.spec.jobTemplate.spec.template.spec.containers[0]!.command = ['dat'];
    apply(typo, dat as Manifest);
    wait(typo, 90);
    expect(message(typo)).toMatch(/^CronJob "clock" has run 0 Jobs that completed; this step needs 1; "clock-\d+" is still running; its schedule next fires at /);
    expect(failed(ex, typo, answers)).toEqual(['runs-every-minute', 'prints-the-date']);
  });

  it('route-with-ingress: separate Ingresses, a default backend for the shop and ImplementationSpecific paths pass too', () => {
    const ex = exercise('route-with-ingress');
    const answers = { 'unknown-host': 'not-found' };
    const ingress = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec }) as Manifest;
    const to = (name: string) => ({ service: { name, port: { number: 80 } } });
    const cluster = start(ex);
    expect(apply(cluster, { ...NGINX_CLASS, metadata: { ...NGINX_CLASS.metadata, name: 'public' } } as Manifest)).toMatchObject({ ok: true });
    // No class named: the default class is given by the API server's DefaultIngressClass plugin.
    expect(apply(cluster, ingress('orders-api', { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/orders/', pathType: 'ImplementationSpecific', backend: to('orders') }] } }] }))).toMatchObject({ ok: true });
    expect(apply(cluster, ingress('storefront', { defaultBackend: to('shop'), rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/index.html', pathType: 'Exact', backend: to('shop') }] } }] }))).toMatchObject({ ok: true });
    wait(cluster, 5);
    expect(failed(ex, cluster, answers)).toEqual([]);
  });

  it('route-with-ingress: an Exact orders rule, another host, no controller or a class nobody serves fail, and say why', () => {
    const ex = exercise('route-with-ingress');
    const message = (cluster: Cluster, id: string) => gradeExercise(ex, cluster, {}).checks.find((c) => c.id === id)?.message;
    const exact = start(ex);
    const rules = SHOP_INGRESS.spec.rules[0]!.http.paths;
    apply(exact, NGINX_CLASS as Manifest);
    apply(exact, { ...SHOP_INGRESS, spec: { ...SHOP_INGRESS.spec, rules: [{ host: 'shop.example.com', http: { paths: [rules[0], { ...rules[1], pathType: 'Exact' }] } }] } } as Manifest);
    wait(exact, 5);
    expect(message(exact, 'orders-routed')).toBe('a request for http://shop.example.com/orders/42 is routed by ingress default/shop, rule shop.example.com/ (Prefix) to service "shop", not to service "orders" in namespace "default"');
    expect(failed(ex, exact, { 'unknown-host': 'not-found' })).toEqual(['orders-routed']);

    const otherHost = start(ex);
    apply(otherHost, NGINX_CLASS as Manifest);
    apply(otherHost, { ...SHOP_INGRESS, spec: { ...SHOP_INGRESS.spec, rules: [{ ...SHOP_INGRESS.spec.rules[0], host: 'shop.example.org' }] } } as Manifest);
    wait(otherHost, 5);
    expect(message(otherHost, 'shop-routed')).toMatch(/^a request for http:\/\/shop\.example\.com\/ got 404 from the ingress controller: no rule of the Ingresses of class nginx matches host shop\.example\.com and path \//);

    const noController = start(ex);
    apply(noController, SHOP_INGRESS as Manifest);
    wait(noController, 5);
    expect(failed(ex, noController, { 'unknown-host': 'not-found' })).toEqual(['controller', 'orders-routed', 'shop-routed']);
    expect(message(noController, 'shop-routed')).toBe('there is no ingress controller yet: no IngressClass has controller k8s.io/ingress-nginx; create the nginx IngressClass first');

    const traefik = start(ex);
    apply(traefik, NGINX_CLASS as Manifest);
    apply(traefik, { ...SHOP_INGRESS, spec: { ...SHOP_INGRESS.spec, ingressClassName: 'traefik' } } as Manifest);
    wait(traefik, 5);
    expect(message(traefik, 'orders-routed')).toBe('no Ingress has an address from the ingress controller yet (found "shop", with no class the controller serves: set ingressClassName: nginx)');
  });

  it('stateful-app: Parallel pod management, other names, an explicit class and bigger claims pass too', () => {
    const ex = exercise('stateful-app');
    const cluster = start(ex);
    const labels = { app: 'db' };
    const spec = WEB_STATEFULSET.spec;
    expect(apply(cluster, { ...NGINX_HEADLESS, metadata: { name: 'db-peers' }, spec: { ...NGINX_HEADLESS.spec, selector: labels } } as Manifest)).toMatchObject({ ok: true });
    const db = {
      ...WEB_STATEFULSET,
      metadata: { name: 'db' },
      spec: {
        ...spec,
        serviceName: 'db-peers',
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: labels },
        template: { ...spec.template, metadata: { labels } },
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '2Gi' } } } }],
      },
    };
    expect(apply(cluster, db as Manifest)).toMatchObject({ ok: true });
    wait(cluster, 60);
    expect(failed(ex, cluster, { 'start-order': 'after-ready', 'claim-kept': 'www-web-0', 'data-kept': 'two' })).toEqual([]);
  });

  it('stateful-app: a Service with a cluster IP, one replica, or pods without claims do not pass, and say why', () => {
    const ex = exercise('stateful-app');
    const messages = (cluster: Cluster) => Object.fromEntries(gradeExercise(ex, cluster, {}).checks.filter((c) => !c.passed && !['start-order', 'claim-kept', 'data-kept'].includes(c.id)).map((c) => [c.id, c.message]));
    const clusterIp = start(ex);
    const { clusterIP: _, ...withIp } = NGINX_HEADLESS.spec;
    apply(clusterIp, { ...NGINX_HEADLESS, spec: withIp } as Manifest);
    apply(clusterIp, WEB_STATEFULSET as Manifest);
    wait(clusterIp, 60);
    expect(messages(clusterIp)).toEqual({ 'pods-ready': expect.stringMatching(/^Service "nginx" is not headless \(its clusterIP is [\d.]+\); clusterIP cannot change, so delete it and create it again with clusterIP: None$/) });

    const one = start(ex);
    apply(one, NGINX_HEADLESS as Manifest);
    apply(one, { ...WEB_STATEFULSET, spec: { ...WEB_STATEFULSET.spec, replicas: 1 } } as Manifest);
    wait(one, 60);
    expect(messages(one)).toEqual({
      'pods-ready': 'StatefulSet "web" asks for 1 replica; this step needs 2 (kubectl scale sts web --replicas=2)',
      'claims-bound': '1 of 2 PersistentVolumeClaims are Bound and mounted by a Running pod; there is only 1: "www-web-0"',
    });

    const noClaims = start(ex);
    apply(noClaims, NGINX_HEADLESS as Manifest);
    const { volumeClaimTemplates: __, ...claimless } = WEB_STATEFULSET.spec;
    const emptyDir = { ...claimless, template: { ...claimless.template, spec: { ...claimless.template.spec, volumes: [{ name: 'www', emptyDir: {} }] } } };
    apply(noClaims, { ...WEB_STATEFULSET, spec: emptyDir } as Manifest);
    wait(noClaims, 60);
    expect(messages(noClaims)).toEqual({ 'claims-bound': 'there is no PersistentVolumeClaim of at least 1Gi in namespace "default"' });
  });

  it('isolate-app: a default deny beside an allow, matchExpressions, or a port-limited rule pass too', () => {
    const ex = exercise('isolate-app');
    const policy = (name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec }) as Manifest;
    const twoPolicies = start(ex);
    apply(twoPolicies, policy('default-deny', { podSelector: {} }));
    apply(twoPolicies, policy('allow-access', { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['nginx'] }] }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'access', operator: 'In', values: ['true'] }] } }], ports: [{ port: 80 }] }] }));
    expect(failed(ex, twoPolicies, { 'dropped-how': 'timed-out' })).toEqual([]);
    const withTypes = start(ex);
    apply(withTypes, policy('nginx', { podSelector: { matchLabels: { app: 'nginx' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }], ports: [{ protocol: 'TCP', port: 80 }] }] }));
    expect(failed(ex, withTypes, { 'dropped-how': 'timed-out' })).toEqual([]);
  });

  it('isolate-app: no policy, a policy on other pods, an egress-only one, a deny without the allow, labelled pods of every namespace or an open ipBlock do not pass, and say why', () => {
    const ex = exercise('isolate-app');
    const policy = (name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec }) as Manifest;
    const message = (cluster: Cluster) => gradeExercise(ex, cluster, {}).checks.find((c) => c.id === 'nginx-isolated')?.message;
    const nginxPod = /nginx-[a-z0-9]+-[a-z0-9]+/.source;
    const none = start(ex);
    expect(message(none)).toMatch(new RegExp(`^a pod labelled run=intruder in namespace "default" still reaches pod ${nginxPod} of Deployment "nginx" on port 80: no NetworkPolicy selects it for ingress \\(write one whose podSelector matches app=nginx,pod-template-hash=[a-z0-9]+\\)$`));
    const wrongPods = start(ex);
    apply(wrongPods, { ...ACCESS_NGINX, spec: { ...ACCESS_NGINX.spec, podSelector: { matchLabels: { app: 'web' } } } } as Manifest);
    expect(message(wrongPods)).toMatch(/no NetworkPolicy selects it for ingress/);
    const egressOnly = start(ex);
    apply(egressOnly, { ...ACCESS_NGINX, spec: { ...ACCESS_NGINX.spec, policyTypes: ['Egress'] } } as Manifest);
    expect(message(egressOnly)).toMatch(/no NetworkPolicy selects it for ingress/);
    const denyOnly = start(ex);
    apply(denyOnly, policy('default-deny', { podSelector: {} }));
    expect(message(denyOnly)).toMatch(new RegExp(`^a pod labelled access=true in namespace "default" cannot reach pod ${nginxPod} of Deployment "nginx" on port 80: it would be dropped by NetworkPolicy default-deny \\(a default deny: no ingress rule\\), which isolates pod default/${nginxPod} for ingress$`));
    const everyNamespace = start(ex);
    apply(everyNamespace, policy('access-nginx', { podSelector: { matchLabels: { app: 'nginx' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { access: 'true' } } }] }] }));
    expect(message(everyNamespace)).toMatch(new RegExp(`^a pod labelled access=true in namespace "kubelab-sample" still reaches pod ${nginxPod} of Deployment "nginx" on port 80: the ingress rules of NetworkPolicy "access-nginx" let it in$`));
    const openBlock = start(ex);
    apply(openBlock, policy('access-nginx', { podSelector: { matchLabels: { app: 'nginx' } }, ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }, { ipBlock: { cidr: '0.0.0.0/0' } }] }] }));
    expect(message(openBlock)).toMatch(/^a pod labelled run=intruder in namespace "default" still reaches .*: the ingress rules of NetworkPolicy "access-nginx" let it in$/);
    const wrongPort = start(ex);
    apply(wrongPort, { ...ACCESS_NGINX, spec: { ...ACCESS_NGINX.spec, ingress: [{ ...ACCESS_NGINX.spec.ingress[0], ports: [{ port: 8080 }] }] } } as Manifest);
    expect(message(wrongPort)).toMatch(/^a pod labelled access=true in namespace "default" cannot reach pod .* on port 80: it would be dropped by NetworkPolicy access-nginx: no ingress rule allows it/);
  });

  it('least-privilege: a ClusterRole bound by a RoleBinding, or a binding to the namespace\'s service accounts group, pass too', () => {
    const ex = exercise('least-privilege');
    const base = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ci', namespace: 'app' } },
    ];
    const viaClusterRole = start(ex);
    for (const object of [
      ...base,
      { apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: { name: 'pods-read' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'get', 'watch'] }] },
      { apiVersion: RBAC_V1, kind: 'RoleBinding', metadata: { name: 'ci', namespace: 'app' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pods-read' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:app' }] },
    ]) expect(apply(viaClusterRole, object as Manifest)).toMatchObject({ ok: true });
    expect(failed(ex, viaClusterRole, { 'forbidden-code': ['forbidden'] })).toEqual([]);
  });

  it('least-privilege: too much, too little, or everywhere do not pass, and say which request is wrong', () => {
    const ex = exercise('least-privilege');
    const message = (objects: object[]) => {
      const cluster = start(ex);
      for (const object of [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } }, ...objects]) expect(apply(cluster, object as Manifest)).toMatchObject({ ok: true });
      return gradeExercise(ex, cluster, {}).checks.find((c) => c.id === 'ci-reads-pods')?.message;
    };
    const role = (verbs: string[]) => ({ apiVersion: RBAC_V1, kind: 'Role', metadata: { name: 'r', namespace: 'app' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs }] });
    const binding = (kind: string, name: string) => ({ apiVersion: RBAC_V1, kind: 'RoleBinding', metadata: { name: 'b', namespace: 'app' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name }, subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'app' }] });
    expect(message([])).toBe('system:serviceaccount:app:ci may not get pods, list pods and watch pods in namespace "app"; grant it with a Role and a RoleBinding (kubectl auth can-i get pods -n app --as=system:serviceaccount:app:ci says no)');
    expect(message([role(['get', 'list']), binding('Role', 'r')])).toMatch(/^system:serviceaccount:app:ci may not watch pods in namespace "app"/);
    expect(message([role(['get', 'list', 'watch', 'delete']), binding('Role', 'r')])).toBe(
      'system:serviceaccount:app:ci may also delete pods in namespace "app", which this step does not allow (allowed by RoleBinding "b/app" of Role "r" to ServiceAccount "ci/app")',
    );
    expect(message([binding('ClusterRole', 'view')])).toBe(
      'system:serviceaccount:app:ci may also get pods/log in namespace "app", which this step does not allow (allowed by RoleBinding "b/app" of ClusterRole "view" to ServiceAccount "ci/app")',
    );
    const everywhere = { apiVersion: RBAC_V1, kind: 'ClusterRoleBinding', metadata: { name: 'ci' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'app' }] };
    expect(message([{ ...role(['get', 'list', 'watch']), kind: 'ClusterRole', metadata: { name: 'reader' } }, everywhere])).toBe(
      'system:serviceaccount:app:ci may get pods in namespace "default" too: grant it in "app" only, with a RoleBinding there (allowed by ClusterRoleBinding "ci" of ClusterRole "reader" to ServiceAccount "ci/app")',
    );
  });
});
