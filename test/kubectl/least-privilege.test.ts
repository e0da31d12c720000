/**
 * The least-privilege exercise played with /usr/bin/kubectl v1.32 as a learner plays it: each
 * command of its instructions (checked to be there, so the text cannot drift from what works),
 * then the course's grading of the learner's cluster: failing with a message before the binding,
 * passing after it, failing again once the account may do more.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { COURSE_PACK } from '../../lambdas/course-pack/index.ts';
import { layerBinary } from '../support/layer.ts';
import { kubectlSession } from './support.ts';

beforeAll(async () => {
  process.env[ENV.kubectl] = await layerBinary('kubectl');
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-terminal-test-'));
});

const session = kubectlSession('Barbara');
const { kubectl } = session;
const instructions = COURSE_PACK.find((e) => e.id === 'least-privilege')?.instructions ?? '';

/** Runs a command line of the instructions (split on spaces, as the shell would here). */
async function play(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  expect(instructions, line).toContain(line);
  return session.run(...line.replace(/^kubectl /, '').split(' '));
}

async function grade(answers: Record<string, string | string[]> = {}) {
  const { cohortId, id: learnerId } = session.learner;
  await session.lab.services.grading.submitAnswers(cohortId, learnerId, 'least-privilege', answers);
  const result = await session.lab.services.grading.grade({ cohortId, learnerId, exerciseId: 'least-privilege' }, 'admin');
  return Object.fromEntries(result.checks.map((c) => [c.id, { passed: c.passed, message: c.message }]));
}

describe('least-privilege with a real kubectl', () => {
  it('the instructions’ commands grant the ci account reading pods in app, which the grading checks', async () => {
    expect((await play('kubectl create namespace app')).stdout).toBe('namespace/app created\n');
    expect((await play('kubectl create serviceaccount ci -n app')).stdout).toBe('serviceaccount/ci created\n');
    expect(await play('kubectl auth can-i list pods -n app --as=system:serviceaccount:app:ci')).toMatchObject({ code: 1, stdout: 'no\n' });
    expect((await grade())['ci-reads-pods']).toEqual({
      passed: false,
      message: 'system:serviceaccount:app:ci may not get pods, list pods and watch pods in namespace "app"; grant it with a Role and a RoleBinding (kubectl auth can-i get pods -n app --as=system:serviceaccount:app:ci says no)',
    });
    expect((await play('kubectl create role pod-reader --verb=get,list,watch --resource=pods -n app')).stdout).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
    expect((await play('kubectl create rolebinding ci-reads-pods --role=pod-reader --serviceaccount=app:ci -n app')).stdout).toBe('rolebinding.rbac.authorization.k8s.io/ci-reads-pods created\n');
    expect((await play('kubectl describe rolebinding ci-reads-pods -n app')).stdout).toContain('  ServiceAccount  ci    app\n');
    expect((await play('kubectl auth can-i --list -n app --as=system:serviceaccount:app:ci')).stdout).toMatch(/^pods +\[\] +\[\] +\[get list watch\]$/m);
    expect(await play('kubectl auth can-i delete pods -n app --as=system:serviceaccount:app:ci')).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(instructions).toContain('TOKEN=$(kubectl create token ci -n app)');
    const token = (await kubectl('create', 'token', 'ci', '-n', 'app')).trim();
    expect(instructions).toContain('kubectl get pods -n app --token=$TOKEN');
    expect(await session.run('get', 'pods', '-n', 'app', `--token=${token}`)).toMatchObject({ code: 0, stderr: 'No resources found in app namespace.\n' });
    expect(instructions).toContain('kubectl get pods -n default --token=$TOKEN');
    expect((await session.run('get', 'pods', '-n', 'default', `--token=${token}`)).stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:app:ci" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    expect(await grade({ 'forbidden-code': ['forbidden'] })).toEqual({
      'ci-reads-pods': { passed: true, message: 'system:serviceaccount:app:ci may get pods, list pods and watch pods in namespace "app", and nothing else asked of it' },
      'forbidden-code': expect.objectContaining({ passed: true }),
    });
    // Binding the view ClusterRole on top grants more than the step asks.
    await kubectl('create', 'rolebinding', 'ci-views', '--clusterrole=view', '--serviceaccount=app:ci', '-n', 'app');
    expect((await grade({ 'forbidden-code': ['forbidden'] }))['ci-reads-pods']).toEqual({
      passed: false,
      message: 'system:serviceaccount:app:ci may also get pods/log in namespace "app", which this step does not allow (allowed by RoleBinding "ci-views/app" of ClusterRole "view" to ServiceAccount "ci/app")',
    });
  });

  it('the web terminal asks the same questions with --as', async () => {
    const line = 'kubectl auth can-i list pods -n app --as=system:serviceaccount:app:ci';
    expect(instructions).toContain(line);
    const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ line }),
    });
    expect(await response.json()).toMatchObject({ stdout: 'yes\n', exitCode: 0 });
  });
});
