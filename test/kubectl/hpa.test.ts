/**
 * The HorizontalPodAutoscaler walkthrough with the real kubectl v1.32
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/):
 * php-apache, kubectl autoscale, kubectl top, a load generator, and the HPA scaling up and,
 * after the load stops and its five-minute window, down. The lab's clock moves forward at once.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Hedy');
const { kubectl, run, apply } = session;

/** The walkthrough's php-apache Deployment and Service. */
const PHP_APACHE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
`;

/** Answers, then a grade of the learner's cluster as an instructor would ask for it. */
async function grade(answers: Record<string, string>) {
  const { cohortId, id: learnerId } = session.learner;
  await session.lab.services.grading.submitAnswers(cohortId, learnerId, 'autoscale-app', answers);
  return session.lab.services.grading.grade({ cohortId, learnerId, exerciseId: 'autoscale-app' }, 'admin');
}

const rows = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));

describe('the HPA walkthrough with kubectl', () => {
  it('autoscales php-apache, reads its CPU with kubectl top, scales it up under load and back down after', async () => {
    await apply(PHP_APACHE);
    session.lab.advance(10_000);
    const name = (await kubectl('get', 'pods', '-l', 'run=php-apache', '-o', 'jsonpath={.items[0].metadata.name}')).trim();
    // Younger than a whole metric window: metrics-server has nothing yet.
    expect((await run('top', 'pod', name)).stderr).toBe(`Error from server (NotFound): podmetrics.metrics.k8s.io "default/${name}" not found\n`);
    session.lab.advance(30_000);
    expect(rows(await kubectl('top', 'pods'))).toEqual([['NAME', 'CPU(cores)', 'MEMORY(bytes)'], [name, '1m', '9Mi']]);
    expect(rows(await kubectl('top', 'nodes'))[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(rows(await kubectl('top', 'pods', '-A', '--containers'))).toContainEqual(['default', name, 'php-apache', '1m', '9Mi']);

    const before = await grade({});
    expect(before.checks.find((c) => c.id === 'hpa-scaled')?.message).toMatch(/^there is no HorizontalPodAutoscaler for Deployment "php-apache"/);
    expect(await kubectl('autoscale', 'deployment', 'php-apache', '--cpu-percent=50', '--min=1', '--max=10')).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    expect(rows(await kubectl('get', 'hpa'))).toEqual([
      ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
      ['php-apache', 'Deployment/php-apache', 'cpu: 0%/50%', '1', '10', '1', expect.stringMatching(/^\d+s$/)],
    ]);
    // kubectl autoscale created it through autoscaling/v1: the same object, read in either version.
    expect(await kubectl('get', 'horizontalpodautoscalers.v1.autoscaling', 'php-apache', '-o', 'jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}')).toBe('autoscaling/v1 50');
    expect(await kubectl('get', 'hpa', 'php-apache', '-o', 'jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization}')).toBe('autoscaling/v2 50');

    expect(await kubectl('run', 'load-generator', '--image=busybox:1.28', '--restart=Never', '--', '/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done')).toBe('pod/load-generator created\n');
    session.lab.advance(45_000);
    const busy = rows(await kubectl('top', 'pods', '--sort-by=cpu'));
    expect(busy[1]?.[0]).toMatch(/^php-apache-/);
    expect(Number.parseInt(busy[1]?.[1] ?? '', 10)).toBeGreaterThan(100);
    const hpa = rows(await kubectl('get', 'hpa'))[1] ?? [];
    expect(hpa[2]).toMatch(/^cpu: \d+%\/50%$/);
    expect(Number(hpa[5])).toBeGreaterThan(1);
    const described = await kubectl('describe', 'hpa', 'php-apache');
    expect(described).toMatch(/Metrics:\s+\( current \/ target \)\n\s+resource cpu on pods\s+\(as a percentage of request\):\s+\d+% \(\d+m\) \/ 50%\n/);
    expect(described).toMatch(/SuccessfulRescale\s+.*New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
    expect(described).toMatch(/AbleToScale\s+True\s+\w+/);
    expect(described).toMatch(/ScalingActive\s+True\s+ValidMetricFound\s+the HPA was able to successfully calculate a replica count from cpu resource utilization \(percentage of request\)/);

    session.lab.advance(120_000);
    expect(rows(await kubectl('get', 'deployment', 'php-apache'))[1]?.slice(0, 4)).toEqual(['php-apache', '6/6', '6', '6']);
    expect(await kubectl('delete', 'pod', 'load-generator')).toBe('pod "load-generator" deleted\n');
    session.lab.advance(60_000);
    // The five-minute scale-down window holds the six pods, though they are idle.
    expect(rows(await kubectl('get', 'hpa'))[1]?.slice(2, 6)).toEqual(['cpu: 0%/50%', '1', '10', '6']);
    session.lab.advance(300_000);
    expect(rows(await kubectl('get', 'hpa'))[1]?.slice(2, 6)).toEqual(['cpu: 0%/50%', '1', '10', '1']);
    expect(await kubectl('describe', 'hpa', 'php-apache')).toMatch(/SuccessfulRescale\s+.*New size: 1; reason: All metrics below target/);
    // The autoscale-app exercise, played as its instructions say, passes.
    const graded = await grade({ 'the-formula': 'six', 'who-measures': 'metrics-server' });
    expect(graded.checks.map((c) => [c.id, c.passed])).toEqual([['hpa-scaled', true], ['the-formula', true], ['who-measures', true]]);
  });

  it('refuses a bad HPA as kubectl and a v1.32 server do', async () => {
    const bad = await run('autoscale', 'deployment', 'php-apache', '--name=bad', '--min=5', '--max=2');
    expect(bad.stderr).toContain('error: --max=MAXPODS must be larger or equal to --min=MINPODS');
    const invalid = await session.learner.kubectl(['apply', '-f', '-'], {
      input: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: bad\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}\n  minReplicas: 0\n  maxReplicas: 3\n',
    });
    expect(invalid.stderr).toBe('The HorizontalPodAutoscaler "bad" is invalid: spec.minReplicas: Invalid value: 0: must be greater than or equal to 1\n');
  });

  it('applies an autoscaling/v1 manifest and re-applies it changed, as kubectl apply creates then patches', async () => {
    const v1 = (percent: number) => `apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web-v1\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}\n  maxReplicas: 4\n  targetCPUUtilizationPercentage: ${percent}\n`;
    expect(await apply(v1(60))).toBe('horizontalpodautoscaler.autoscaling/web-v1 created\n');
    expect(await apply(v1(70))).toBe('horizontalpodautoscaler.autoscaling/web-v1 configured\n');
    expect(await kubectl('get', 'hpa', 'web-v1', '-o', 'jsonpath={.spec.metrics[0].resource.target.averageUtilization} {.spec.maxReplicas}')).toBe('70 4');
    expect(await apply(v1(70))).toBe('horizontalpodautoscaler.autoscaling/web-v1 unchanged\n');
  });
});
