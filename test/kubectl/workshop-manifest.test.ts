/**
 * The original workshop's own manifest with a real kubectl: applied unchanged (four containers
 * whose images are in the workshop's private ECR registry, a LoadBalancer Service on 9000, 9010,
 * 9020 and 80), it prints what the workshop's lab notes show, its pods go from ContainerCreating
 * to Running 4/4, and the deploy exercise counts it as done.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP_MANIFEST } from '../course/workshop-manifest.ts';
import { kubectlSession } from './support.ts';

let MANIFEST = '';
beforeAll(async () => {
  MANIFEST = join(await mkdtemp(join(tmpdir(), 'kubelab-woof-')), 'woof-woof-app-deploy.yaml');
  await writeFile(MANIFEST, WORKSHOP_MANIFEST);
});

const session = kubectlSession('Woof');
const { kubectl } = session;

describe("the workshop's woof-woof-app-deploy.yaml with a real kubectl", () => {
  it('applies unchanged, as the lab notes show', async () => {
    expect(await kubectl('apply', '-f', MANIFEST)).toBe('deployment.apps/woof-woof-app-deployment created\nservice/woof-woof-app-service created\n');
    const all = await kubectl('get', 'all');
    expect(all.match(/pod\/woof-woof-app-deployment-\w+-\w+ +0\/4 +ContainerCreating +0 /g)).toHaveLength(2);
    expect(all).toMatch(/service\/woof-woof-app-service +LoadBalancer +[\d.]+ +<pending> +9000:\d+\/TCP,9010:\d+\/TCP,9020:\d+\/TCP,80:\d+\/TCP /);
    expect(all).toMatch(/deployment\.apps\/woof-woof-app-deployment +0\/2 +2 +0 /);
  });

  it('pulls the four ECR images, runs 4/4 with an external address, and passes the deploy exercise', async () => {
    session.lab.advance(60_000);
    const all = await kubectl('get', 'all');
    expect(all.match(/pod\/woof-woof-app-deployment-\w+-\w+ +4\/4 +Running +0 /g)).toHaveLength(2);
    expect(all).toMatch(/service\/woof-woof-app-service +LoadBalancer +[\d.]+ +\S+\.elb\.amazonaws\.com +9000:\d+\/TCP,9010:\d+\/TCP,9020:\d+\/TCP,80:\d+\/TCP /);
    expect(all).toMatch(/deployment\.apps\/woof-woof-app-deployment +2\/2 +2 +2 /);
    const pulled = await kubectl('get', 'events', '--field-selector', 'reason=Pulled', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}');
    expect(pulled).toMatch(/Successfully pulled image "783966730108\.dkr\.ecr\.us-east-1\.amazonaws\.com\/computefest2021:woofwoof-model-server" in [\d.]+m?s .*Image size: 612308751 bytes\./);

    const { cohortId, id: learnerId } = session.learner;
    const address = await kubectl('get', 'service', 'woof-woof-app-service', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}');
    await session.lab.services.grading.submitAnswers(cohortId, learnerId, 'deploy-app', { 'external-ip': address });
    const grade = await session.lab.services.grading.grade({ cohortId, learnerId, exerciseId: 'deploy-app' }, 'admin');
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade).toMatchObject({ score: 10, maxScore: 10, status: 'passed' });
  });
});
