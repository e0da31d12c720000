/**
 * The CronJob and StatefulSet exercises played with /usr/bin/kubectl v1.32 as a learner plays
 * them: the commands and the YAML of their instructions (copied out of the instructions
 * themselves, so the text cannot drift from what works), then the course's grading of the
 * learner's cluster, reference solution first, then another correct one.
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
const session = kubectlSession('Hedy');
const { kubectl } = session;

/** One line in the learner's web terminal: what it printed on stdout. */
async function terminal(line: string): Promise<string> {
  const response = await fetch(`${session.lab.url}/v1/me/terminal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.learner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ line }),
  });
  const answer = (await response.json()) as { stdout: string; exitCode: number };
  expect(answer.exitCode, line).toBe(0);
  return answer.stdout;
}

const rows = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));

/** The YAML blocks of an exercise's instructions, as a learner copies them (their indentation removed). */
function yamlBlocks(exerciseId: string): string[] {
  const instructions = COURSE_PACK.find((e) => e.id === exerciseId)?.instructions ?? '';
  return [...instructions.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```$/gm)].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n'),
  );
}

/** Answers, then a grade of the learner's cluster as an instructor would ask for it. */
async function grade(exerciseId: string, answers: Record<string, string | string[]>) {
  const { cohortId, id: learnerId } = session.learner;
  await session.lab.services.grading.submitAnswers(cohortId, learnerId, exerciseId, answers);
  return session.lab.services.grading.grade({ cohortId, learnerId, exerciseId }, 'admin');
}

describe('schedule-a-job with a real kubectl', () => {
  it('the instructions’ kubectl create cronjob runs every minute; its Job’s log names UTC; the exercise passes', async () => {
    expect(await kubectl('create', 'cronjob', 'clock', '--image=busybox', '--schedule=*/1 * * * *', '--', 'date')).toBe('cronjob.batch/clock created\n');
    const fresh = rows(await kubectl('get', 'cronjobs'));
    expect(fresh[1]?.slice(0, 6)).toEqual(['clock', '*/1 * * * *', '<none>', 'False', '0', '<none>']);
    const before = await grade('schedule-a-job', {});
    expect(before.checks.find((c) => c.id === 'runs-every-minute')?.message).toMatch(/^CronJob "clock" \("\*\/1 \* \* \* \*"\) has not run a Job yet; its schedule next fires at \S+Z; wait, and watch with kubectl get jobs --watch$/);

    session.lab.advance(90_000);
    const jobs = rows(await kubectl('get', 'jobs'));
    expect(jobs[0]).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    const first = jobs.find((row) => /^clock-\d+$/.test(row[0] ?? ''));
    expect(first?.slice(1, 3)).toEqual(['Complete', '1/1']);
    expect(await kubectl('logs', `job/${first?.[0]}`)).toMatch(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/);
    expect(await kubectl('describe', 'cronjob', 'clock')).toMatch(/Normal +SawCompletedJob +.+cronjob-controller {2}Saw completed job: clock-\d+, condition: Complete\n/);

    const after = await grade('schedule-a-job', { 'time-zone': 'UTC', 'history-limit': 'three' });
    expect(after.checks.filter((c) => !c.passed)).toEqual([]);
    expect(after).toMatchObject({ score: 6, maxScore: 6, status: 'passed' });
    expect(await kubectl('delete', 'cronjob', 'clock')).toBe('cronjob.batch "clock" deleted\n');
  });

  it('the docs’ hello CronJob from the instructions’ YAML passes as well', async () => {
    const [hello] = yamlBlocks('schedule-a-job');
    expect(await session.apply(hello ?? '')).toBe('cronjob.batch/hello created\n');
    session.lab.advance(90_000);
    const job = (await kubectl('get', 'jobs', '-o', 'name')).split('\n').find((name) => /^job\.batch\/hello-\d+$/.test(name));
    expect(await kubectl('logs', job ?? 'job/none')).toMatch(/ UTC \d{4}\nHello from the Kubernetes cluster\n$/);
    const outcome = await grade('schedule-a-job', { 'time-zone': 'utc', 'history-limit': 'three' });
    expect(outcome).toMatchObject({ score: 6, status: 'passed' });
    await kubectl('delete', 'cronjob', 'hello');
  });
});

describe('stateful-app with a real kubectl', () => {
  it('the instructions’ web.yaml starts web-0 then web-1, each with its claim bound; each serves what it wrote by its own name; a deleted web-0 comes back with www-web-0 and what it wrote; the exercise passes', async () => {
    const [web] = yamlBlocks('stateful-app');
    expect(await session.apply(web ?? '')).toBe('service/nginx created\nstatefulset.apps/web created\n');
    const early = await grade('stateful-app', {});
    expect(early.status).not.toBe('passed');
    expect(early.checks.find((c) => c.id === 'pods-ready')?.message).toMatch(/^StatefulSet "web" has [01] of 2 pods Running and Ready: web-[01] /);

    session.lab.advance(60_000);
    const got = rows(await kubectl('get', 'pods,pvc', '-l', 'app=nginx'));
    expect(got.slice(1, 3).map((row) => row.slice(0, 3))).toEqual([
      ['pod/web-0', '1/1', 'Running'],
      ['pod/web-1', '1/1', 'Running'],
    ]);
    const claims = rows(await kubectl('get', 'pvc'));
    expect(claims.slice(1).map((row) => row.slice(0, 2))).toEqual([
      ['www-web-0', 'Bound'],
      ['www-web-1', 'Bound'],
    ]);

    // Each pod by its own name, serving what its init container wrote into its volume.
    expect(await terminal('curl http://web-0.nginx/')).toBe('web-0 started\n');
    expect(await terminal('curl http://web-1.nginx/')).toBe('web-1 started\n');

    expect(await kubectl('delete', 'pod', 'web-0')).toBe('pod "web-0" deleted\n');
    session.lab.advance(30_000);
    expect(await kubectl('get', 'pod', 'web-0', '-o', 'jsonpath={.status.phase} {.spec.volumes[0].persistentVolumeClaim.claimName}')).toBe('Running www-web-0');
    expect(await terminal('curl http://web-0.nginx/')).toBe('web-0 started\nweb-0 started\n');

    const outcome = await grade('stateful-app', { 'start-order': 'after-ready', 'claim-kept': 'www-web-0', 'data-kept': '2' });
    expect(outcome.checks.filter((c) => !c.passed)).toEqual([]);
    expect(outcome).toMatchObject({ score: 8, maxScore: 8, status: 'passed' });
    expect(outcome.checks.find((c) => c.id === 'pods-ready')?.message).toBe('StatefulSet "web" has 2 pods Running and Ready: web-0 and web-1; the headless Service "nginx" selects them');
  });

  it('scaled to three it says what to do; scaled back to two it passes again', async () => {
    expect(await kubectl('scale', 'sts', 'web', '--replicas=3')).toBe('statefulset.apps/web scaled\n');
    const three = await grade('stateful-app', { 'start-order': 'after-ready', 'claim-kept': 'www-web-0', 'data-kept': '2' });
    expect(three.checks.find((c) => c.id === 'pods-ready')?.message).toBe('StatefulSet "web" asks for 3 replicas; this step needs 2 (kubectl scale sts web --replicas=2)');
    expect(await kubectl('scale', 'sts', 'web', '--replicas=2')).toBe('statefulset.apps/web scaled\n');
    session.lab.advance(60_000);
    expect(await grade('stateful-app', { 'start-order': 'after-ready', 'claim-kept': 'www-web-0', 'data-kept': '2' })).toMatchObject({ status: 'passed' });
  });
});
