/**
 * The route-with-ingress exercise played with /usr/bin/kubectl v1.32 as a learner plays it: the
 * class YAML and the kubectl create ingress line copied out of its instructions (so the text
 * cannot drift from what works), the terminal's curl through the controller, then the course's
 * grading of the learner's cluster.
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
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-course-ingress-'));
});
const session = kubectlSession('Ines');
const { kubectl } = session;
const EXERCISE = COURSE_PACK.find((e) => e.id === 'route-with-ingress')!;

async function terminal(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ line }),
  });
  return (await response.json()) as { stdout: string; stderr: string; exitCode: number };
}

/** The fenced blocks of a language in the instructions, their indentation removed. */
function blocks(language: string): string[] {
  return [...EXERCISE.instructions.matchAll(new RegExp(`^( *)\`\`\`${language}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm'))].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n'),
  );
}

async function grade(answers: Record<string, string | string[]>) {
  const { cohortId, id: learnerId } = session.learner;
  await session.lab.services.grading.submitAnswers(cohortId, learnerId, EXERCISE.id, answers);
  return session.lab.services.grading.grade({ cohortId, learnerId, exerciseId: EXERCISE.id }, 'admin');
}

describe('route-with-ingress with a real kubectl', () => {
  it('the instructions’ class and create ingress route shop.example.com and /orders through the controller; the exercise passes', async () => {
    for (const object of EXERCISE.startingState.objects) await session.apply(JSON.stringify(object));
    session.lab.advance(30_000);
    const [classYaml] = blocks('yaml');
    expect(await session.apply(classYaml ?? '')).toBe('ingressclass.networking.k8s.io/nginx created\n');
    const create = blocks('sh')[0]?.split('\n').find((line) => line.startsWith('kubectl create ingress')) ?? '';
    const created = await terminal(create);
    expect(created).toMatchObject({ stdout: 'ingress.networking.k8s.io/shop created\n', exitCode: 0 });
    const address = await kubectl('get', 'ingress', 'shop', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}');
    expect(address).toMatch(/\.elb\.amazonaws\.com$/);

    const orders = await terminal(`curl -H 'Host: shop.example.com' http://${address}/orders/42`);
    expect(orders.stderr).toMatch(/^ingress-nginx: ingress default\/shop, rule shop\.example\.com\/orders \(Prefix\) -> orders:80\nkube-proxy: sent through the cluster IP of service default\/orders to pod orders-/);
    const shop = await terminal(`curl --resolve shop.example.com:80:${address} http://shop.example.com/`);
    expect(shop.stdout).toContain('Welcome to nginx!');
    expect(shop.stderr).toMatch(/^ingress-nginx: ingress default\/shop, rule shop\.example\.com\/ \(Prefix\) -> shop:80\n/);
    const other = await terminal(`curl -H 'Host: other.example.com' http://${address}/`);
    expect(other.stdout).toContain('<title>404 Not Found</title>');

    const outcome = await grade({ 'unknown-host': 'not-found' });
    expect(outcome.checks.filter((c) => !c.passed)).toEqual([]);
    expect(outcome).toMatchObject({ score: 7, maxScore: 7, status: 'passed' });
  });
});
