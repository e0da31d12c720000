/**
 * The namespace's policies in the live picture, in a real browser against a running Kubelab with
 * the real kubectl: a ResourceQuota that keeps a Deployment's third pod out, drawn as used/hard
 * gauges with the refusal beside the ReplicaSet it stops; a LimitRange's defaults; a
 * PodDisruptionBudget under the Deployment it guards, with what it allows; and a cordoned node
 * saying which budget holds its pods. Screenshots go where browser.ts says.
 */
import { describe, expect, it } from 'vitest';
import { VIEWPORT, pageLabSession, signInWithToken } from './browser.ts';

const session = pageLabSession();

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

const policies = [
  'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\nspec:\n  hard:\n    pods: "2"\n    requests.memory: 1Gi',
  'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\nspec:\n  limits:\n  - type: Container\n    default:\n      memory: 300Mi\n    defaultRequest:\n      memory: 300Mi\n    max:\n      memory: 1Gi',
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web-pdb\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: web',
].join('\n---\n');

describe('the live picture of quotas, limit ranges and disruption budgets', () => {
  it('draws a full quota beside the ReplicaSet it stops, the defaults a LimitRange sets, a budget under its Deployment, and a drain past it', { timeout: 200_000 }, async () => {
    const learner = await session.lab.enrol('Dorothy Vaughan');
    expect((await learner.kubectl(['apply', '-f', '-'], { input: policies })).code).toBe(0);
    expect((await learner.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3'])).code).toBe(0);
    session.lab.advance(60_000);
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);

    // The quota as gauges: pods full at 2/2, the memory LimitRanger gave each pod counted against its 1Gi.
    const quota = page.locator('.picture .quota');
    await poll(() => quota.locator('.gauge').allInnerTexts()).toEqual([expect.stringMatching(/^pods\s+2\/2$/), expect.stringMatching(/^requests\.memory\s+600Mi\/1Gi$/)]);
    expect(await quota.locator('.gauge.full').getAttribute('data-resource')).toBe('pods');
    expect(await quota.locator('.gauge.refusing').getAttribute('data-resource')).toBe('pods');
    // Its refusal names the ReplicaSet it keeps short, and that ReplicaSet's row names the quota.
    expect(await quota.locator('.quota-refused').innerText()).toMatch(/^refuses a pod of ReplicaSet web-\w+: pods would exceed the quota$/);
    expect(await quota.locator('.quota-refused').getAttribute('title')).toMatch(/forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2$/);
    expect(await page.locator('.picture [data-kind="replicaset"]').innerText()).toMatch(/^REPLICASET\s+web-\w+\s+rev 1 · 2\/3\s+⚠ quota$/);
    // The LimitRange's defaults and bound.
    expect(await page.locator('.picture .limits').innerText()).toMatch(/^CONTAINER\s+requests memory 300Mi\s+limits memory 300Mi\s+max memory 1Gi$/);
    // The budget under the Deployment it guards: an integer minAvailable expects the pods there are (2), and needs both.
    const pdb = page.locator('.picture .workload [data-kind="poddisruptionbudget"][data-name="web-pdb"]');
    await poll(() => pdb.innerText()).toMatch(/^PDB\s+web-pdb\s+0 disruptions allowed \(2 of 2 healthy, 2 needed\)$/);
    expect(await pdb.getAttribute('class')).toContain('blocked');
    expect(await page.locator('.picture .refused-mark').getAttribute('title')).toMatch(/^ResourceQuota compute: Error creating: pods "web-\S+" is forbidden: exceeded quota: compute,/);
    expect(await page.locator('.picture [data-kind="deployment"][data-name="web"]').evaluate((row, budget) => row.closest('.workload')?.contains(budget as never), await pdb.elementHandle())).toBe(true);
    await pdb.scrollIntoViewIfNeeded();
    await session.shots.take(page, '7-picture-quota-full');

    // A quota that is not full: a pod more, so the budget allows one disruption.
    expect((await learner.kubectl(['patch', 'resourcequota', 'compute', '-p', '{"spec":{"hard":{"pods":"4"}}}'])).code).toBe(0);
    session.lab.advance(60_000);
    await poll(() => pdb.innerText()).toMatch(/^PDB\s+web-pdb\s+1 disruption allowed \(3 of 3 healthy, 2 needed\)$/);
    expect(await quota.locator('.gauge').allInnerTexts()).toEqual([expect.stringMatching(/^pods\s+3\/4$/), expect.stringMatching(/^requests\.memory\s+900Mi\/1Gi$/)]);
    expect(await quota.locator('.gauge.full').count()).toBe(0);
    expect(await quota.locator('.quota-refused').count()).toBe(0);

    // Every object opens the describe dialog with the real kubectl's words.
    await pdb.click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/^Name:\s+web-pdb\nNamespace:\s+default\nMin available:\s+2\n/);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('.picture [data-kind="resourcequota"]').click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/pods\s+3\s+4/);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('.picture [data-kind="limitrange"]').click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/^Name:\s+defaults\nNamespace:\s+default\nType\s+Resource\s+Min\s+Max\s+Default Request\s+Default Limit/);
    await page.getByRole('button', { name: 'Close' }).click();

    // Cordoned, a node says so and what its budgets allow.
    expect((await learner.kubectl(['cordon', 'worker-1'])).code).toBe(0);
    const worker = page.locator('.picture [data-kind="node"][data-name="worker-1"]');
    await poll(() => worker.locator('.badge').innerText()).toBe('Ready,SchedulingDisabled');
    expect(await worker.locator('.node-note').innerText()).toBe('Cordoned: no new pod is scheduled here; kubectl drain evicts its pods as their disruption budgets allow.');

    // Drained, its pods leave it one eviction at a time, as the budget allows, and the feed says so.
    const drain = learner.kubectl(['drain', 'worker-1', '--ignore-daemonsets', '--timeout=100s'], { timeoutMs: 110_000 });
    const leaving = () => page.locator('.feed-list').innerText();
    await poll(leaving).toMatch(/default\/web-\S+ is Terminating leaving cordoned worker-1/);
    await session.shots.take(page, '7-picture-drain');
    let drained: Awaited<typeof drain> | undefined;
    void drain.then((result) => (drained = result));
    for (let step = 0; step < 20 && !drained; step++) {
      session.lab.advance(15_000);
      await page.waitForTimeout(1000);
    }
    const result = await drain;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/node\/worker-1 drained/);
    await poll(() => worker.locator('[data-kind="pod"][data-namespace="default"]:not(:disabled)').count()).toBe(0);
    await poll(() => pdb.innerText()).toMatch(/1 disruption allowed \(3 of 3 healthy, 2 needed\)$/);
    await session.shots.take(page, '7-picture-policies');
    expect(errors).toEqual([]);
    await page.close();
  });
});
