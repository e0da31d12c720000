/**
 * The smaller seams a course meets through /usr/bin/kubectl: `explain` listing a field's enum
 * values, `auth can-i --list` and `whoami`, `create token`, and the kinds a course might use that
 * Kubelab does not serve yet, refused with a message that says what it serves.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession, runKubectl } from './support.ts';

const execFileAsync = promisify(execFile);
const session = kubectlSession('Grace');
const { kubectl, fails } = session;
const SERVED =
  'componentstatuses, configmaps, endpoints, events, limitranges, namespaces, nodes, persistentvolumeclaims, persistentvolumes, pods, resourcequotas, secrets, serviceaccounts, services, controllerrevisions.apps, daemonsets.apps, deployments.apps, replicasets.apps, statefulsets.apps, horizontalpodautoscalers.autoscaling, cronjobs.batch, jobs.batch, poddisruptionbudgets.policy, ingressclasses.networking.k8s.io, ingresses.networking.k8s.io, networkpolicies.networking.k8s.io, clusterrolebindings.rbac.authorization.k8s.io, clusterroles.rbac.authorization.k8s.io, rolebindings.rbac.authorization.k8s.io, roles.rbac.authorization.k8s.io, storageclasses.storage.k8s.io, leases.coordination.k8s.io, endpointslices.discovery.k8s.io';

describe('kubectl explain shows enum values as v1.32 does', () => {
  it('prints the ENUM block of a field and the enum line of a listed field', async () => {
    expect(await kubectl('explain', 'deployment.spec.strategy.type')).toBe(
      [
        'GROUP:      apps',
        'KIND:       Deployment',
        'VERSION:    v1',
        '',
        'FIELD: type <string>',
        'ENUM:',
        '    Recreate',
        '    RollingUpdate',
        '',
        'DESCRIPTION:',
        '    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is',
        '    RollingUpdate.',
        '    ',
        '    Possible enum values:',
        '     - `"Recreate"` Kill all existing pods before creating new ones.',
        '     - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling',
        '    update i.e gradually scale down the old ReplicaSets and scale up the new',
        '    one.',
        '    ',
        '',
        '',
      ].join('\n'),
    );
    expect(await kubectl('explain', 'deployment.spec.strategy')).toContain('  type\t<string>\n  enum: Recreate, RollingUpdate\n');
  });

  it('lists the values of the fields a beginner sets', async () => {
    const enumOf = async (field: string) => (await kubectl('explain', field)).match(/\nENUM:\n((?: {4}.*\n)+)/)?.[1]?.trim().split(/\n\s*/);
    expect(await enumOf('pod.spec.containers.imagePullPolicy')).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(await enumOf('pod.spec.restartPolicy')).toEqual(['Always', 'Never', 'OnFailure']);
    expect(await enumOf('pod.spec.dnsPolicy')).toEqual(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
    expect(await enumOf('pod.spec.containers.ports.protocol')).toEqual(['SCTP', 'TCP', 'UDP']);
    expect(await enumOf('pod.spec.tolerations.operator')).toEqual(['Equal', 'Exists']);
    expect(await enumOf('service.spec.type')).toEqual(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
    expect(await enumOf('service.spec.externalTrafficPolicy')).toEqual(['Cluster', 'Local']);
    expect(await enumOf('daemonset.spec.updateStrategy.type')).toEqual(['OnDelete', 'RollingUpdate']);
    expect(await enumOf('cronjob.spec.concurrencyPolicy')).toEqual(['Allow', 'Forbid', 'Replace']);
    expect(await enumOf('job.spec.completionMode')).toEqual(['Indexed', 'NonIndexed']);
    expect(await enumOf('job.spec.podReplacementPolicy')).toEqual(['Failed', 'TerminatingOrFailed']);
    expect(await enumOf('pdb.spec.unhealthyPodEvictionPolicy')).toEqual(['AlwaysAllow', 'IfHealthyBudget']);
    expect(await kubectl('explain', 'pdb.status.disruptionsAllowed')).toMatch(/^GROUP: +policy\nKIND: +PodDisruptionBudget\nVERSION: +v1\n\nFIELD: disruptionsAllowed <integer>\n+DESCRIPTION:\n +Number of pod disruptions that are currently allowed\./);
    expect(await kubectl('explain', 'job.spec.backoffLimit')).toMatch(/^GROUP: +batch\nKIND: +Job\nVERSION: +v1\n\nFIELD: backoffLimit <integer>\n+DESCRIPTION:\n +Specifies the number of retries before marking this job failed/);
    expect(await enumOf('pod.status.phase')).toEqual(['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown']);
    expect(await enumOf('service.spec.ipFamilyPolicy')).toEqual(['PreferDualStack', 'RequireDualStack', 'SingleStack']);
    // A list's items carry the enum, not the list: explain shows no ENUM block for it, as on v1.32.
    expect(await kubectl('explain', 'service.spec.ipFamilies')).not.toContain('ENUM:');
  });
});

describe('kinds Kubelab does not serve yet', () => {
  const refusal = (resource: string) => `Kubelab does not serve ${resource} yet; it serves: ${SERVED}`;
  const priority = ['apiVersion: scheduling.k8s.io/v1', 'kind: PriorityClass', 'metadata:', '  name: high', 'value: 1000', ''].join('\n');

  it('refuses a PriorityClass manifest and a list with a message that says what is served', async () => {
    const applied = await session.learner.kubectl(['apply', '-f', '-'], { input: priority });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(`Error from server (NotFound): error when creating "STDIN": ${refusal('priorityclasses.scheduling.k8s.io')}\n`);
    expect(await fails('get', 'priorityclasses')).toBe(`Error from server (NotFound): Unable to list "scheduling.k8s.io/v1, Resource=priorityclasses": ${refusal('priorityclasses.scheduling.k8s.io')}\n`);
  });

  it('lists them in api-resources as a real cluster does, and keeps kubectl get all clean', async () => {
    const names = (await kubectl('api-resources', '-o', 'name')).split('\n');
    for (const name of ['ingresses.networking.k8s.io', 'networkpolicies.networking.k8s.io', 'priorityclasses.scheduling.k8s.io', 'roles.rbac.authorization.k8s.io', 'horizontalpodautoscalers.autoscaling']) {
      expect(names).toContain(name);
    }
    expect(await kubectl('get', 'all')).toMatch(/^NAME +TYPE +CLUSTER-IP/);
  });

  it('installs helm create’s default chart, with its HorizontalPodAutoscaler when autoscaling is enabled', async () => {
    const helm = await layerBinary('helm');
    const home = await mkdtemp(join(tmpdir(), 'kubelab-helm-'));
    const run = (...args: string[]) => execFileAsync(helm, args, { cwd: home, env: { PATH: process.env['PATH'] ?? '', HOME: home, KUBECONFIG: session.learner.kubeconfig } });
    try {
      await run('create', 'web');
      expect((await run('install', 'web', './web')).stdout).toMatch(/^NAME: web\n.*\nNAMESPACE: default\nSTATUS: deployed\n/);
      expect(await kubectl('get', 'deployment', 'web', '-o', 'name')).toBe('deployment.apps/web\n');
      expect((await run('install', 'scaled', './web', '--set', 'autoscaling.enabled=true')).stdout).toMatch(/^NAME: scaled\n/);
      expect(await kubectl('get', 'hpa', 'scaled-web', '-o', 'jsonpath={.spec.scaleTargetRef.name} {.spec.maxReplicas}')).toBe('scaled-web 100');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('kubectl auth: what the token may do, as the auth layer enforces it', () => {
  const discovery = [
    '                                                [/api/*]            []               [get]',
    '                                                [/api]              []               [get]',
    '                                                [/apis/*]           []               [get]',
    '                                                [/apis]             []               [get]',
    '                                                [/healthz]          []               [get]',
    '                                                [/healthz]          []               [get]',
    '                                                [/livez]            []               [get]',
    '                                                [/livez]            []               [get]',
    '                                                [/openapi/*]        []               [get]',
    '                                                [/openapi]          []               [get]',
    '                                                [/readyz]           []               [get]',
    '                                                [/readyz]           []               [get]',
    '                                                [/version/]         []               [get]',
    '                                                [/version/]         []               [get]',
    '                                                [/version]          []               [get]',
    '                                                [/version]          []               [get]',
  ];
  const reviews = [
    'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
    'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
    'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
  ];
  const header = 'Resources                                       Non-Resource URLs   Resource Names   Verbs';

  it("lists a learner's rules as a cluster-admin's are listed on v1.32", async () => {
    expect(await kubectl('auth', 'can-i', '--list')).toBe(
      [
        header,
        '*.*                                             []                  []               [*]',
        '                                                [*]                 []               [*]',
        ...reviews,
        ...discovery,
        '',
      ].join('\n'),
    );
  });

  it("lists the instructor's rules: read everything, change nothing", async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubelab-instructor-'));
    try {
      const kubeconfig = join(home, 'instructor.kubeconfig');
      await writeFile(kubeconfig, (await readFile(session.learner.kubeconfig, 'utf8')).replace(session.learner.token, session.lab.adminToken));
      const instructor = (...args: string[]) => runKubectl(args, { kubeconfig, home });
      expect((await instructor('auth', 'can-i', '--list')).stdout).toBe(
        [
          header,
          ...reviews,
          '*.*                                             []                  []               [get list watch]',
          '                                                [*]                 []               [get]',
          ...discovery,
          '',
        ].join('\n'),
      );
      expect((await instructor('auth', 'can-i', 'list', 'pods')).stdout).toBe('yes\n');
      expect((await instructor('auth', 'can-i', 'create', 'pods')).stdout).toBe("no - instructor tokens only read learners' clusters\n");
      expect((await instructor('get', 'pods', '--as=bob')).stderr).toBe(
        'Error from server (Forbidden): users "bob" is forbidden: User "kubelab:instructor" cannot impersonate resource "users" in API group "" at the cluster scope: instructor tokens only read learners\' clusters\n',
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('lets the learner act as another user (--as), who has only what the cluster\'s roles grant', async () => {
    expect(await fails('get', 'pods', '--as=bob')).toBe('Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"\n');
    expect(await session.run('auth', 'can-i', 'create', 'pods', '--as=bob')).toMatchObject({ stdout: 'no\n', code: 1 });
    expect(await kubectl('auth', 'can-i', 'create', 'pods', '--as=bob', '--as-group=system:masters')).toBe('yes\n');
    expect(await kubectl('auth', 'whoami', '--as=bob', '--as-group=devs', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}')).toBe('bob ["devs","system:authenticated"]');
    expect(await kubectl('auth', 'can-i', 'create', 'pods')).toBe('yes\n');
  });
});

describe('kubectl create token', () => {
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.trim().split('.')[1] ?? '', 'base64url').toString('utf8'));

  it('prints a JWT naming the service account, the audiences and the expiry', async () => {
    const token = await kubectl('create', 'token', 'default');
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))).toMatchObject({ alg: 'RS256' });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:default:default',
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'default' } },
    });
    expect(claims['kubernetes.io'].serviceaccount.uid).toBe(await kubectl('get', 'sa', 'default', '-o', 'jsonpath={.metadata.uid}'));
    expect(claims.exp - claims.iat).toBe(3600);
    expect(Math.abs(claims.iat * 1000 - session.lab.now())).toBeLessThan(60_000);

    const custom = claimsOf(await kubectl('create', 'token', 'default', '--duration=2h', '--audience=vault', '--audience=api'));
    expect(custom.aud).toEqual(['vault', 'api']);
    expect(custom.exp - custom.iat).toBe(7200);
    expect(custom.jti).not.toBe(claims.jti);
  });

  it('refuses a missing service account and a too short duration as a real cluster does', async () => {
    expect(await fails('create', 'token', 'nope')).toBe('error: failed to create token: serviceaccounts "nope" not found\n');
    expect(await fails('create', 'token', 'default', '--duration=1m')).toBe(
      'error: failed to create token: TokenRequest.authentication.k8s.io "default" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes\n',
    );
  });

  it('authenticates as the service account, which no role grants anything yet', async () => {
    const token = (await kubectl('create', 'token', 'default')).trim();
    expect(await fails('get', 'pods', `--token=${token}`)).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
  });
});
