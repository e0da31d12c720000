/**
 * A HorizontalPodAutoscaler in the live picture, in a real browser against a running Kubelab with
 * the real kubectl: the HPA walkthrough's php-apache autoscaled, drawn under its Deployment with
 * `cpu: current/target` and its replicas within min–max, and each of its pods with the CPU it uses
 * now; under the load generator the pods turn hot and the HPA adds pods. Screenshot:
 * docs/screenshots/7-picture-hpa.png.
 */
import { describe, expect, it } from 'vitest';
import { PHP_APACHE, PHP_APACHE_SERVICE } from '../../lambdas/course-pack/autoscale-app.ts';
import { VIEWPORT, pageLabSession, signInWithToken } from './browser.ts';

const session = pageLabSession();

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

describe('the live picture of a HorizontalPodAutoscaler', () => {
  it('draws the HPA under its Deployment with current/target and min–max, and its pods’ CPU, rising under load', { timeout: 200_000 }, async () => {
    const learner = await session.lab.enrol('Katherine Johnson');
    for (const manifest of [PHP_APACHE, PHP_APACHE_SERVICE]) expect((await learner.kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) })).code).toBe(0);
    session.lab.advance(40_000);
    expect((await learner.kubectl(['autoscale', 'deployment', 'php-apache', '--cpu-percent=50', '--min=1', '--max=10'])).code).toBe(0);
    session.lab.advance(20_000);
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);

    const hpa = page.locator('.picture .workload [data-kind="horizontalpodautoscaler"][data-name="php-apache"]');
    await poll(() => hpa.innerText()).toMatch(/^HPA\s+cpu: 0%\/50%\s+1 of 1–10$/);
    expect(await page.locator('.picture [data-kind="deployment"][data-name="php-apache"]').evaluate((row, scaler) => row.closest('.workload')?.contains(scaler as never), await hpa.elementHandle())).toBe(true);
    const cpu = page.locator('.picture .pod[data-name^="php-apache-"] .pod-cpu');
    await poll(() => cpu.allInnerTexts()).toEqual(['1m · 0%']);

    expect((await learner.kubectl(['run', 'load-generator', '--image=busybox:1.28', '--restart=Never', '--', '/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'])).code).toBe(0);
    session.lab.advance(35_000);
    await poll(() => hpa.innerText()).toMatch(/^HPA\s+cpu: \d{2,3}%\/50%\s+\d+(→\d+)? of 1–10$/);
    await poll(async () => (await cpu.allInnerTexts()).length).toBeGreaterThan(1);
    expect((await cpu.allInnerTexts()).every((text) => /^\d+m · \d+%$/.test(text))).toBe(true);
    await hpa.scrollIntoViewIfNeeded();
    await session.shots.take(page, '7-picture-hpa');

    await hpa.click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/^Name:\s+php-apache\nNamespace:\s+default\n/);
    expect(await page.locator('.describe-output').innerText()).toMatch(/New size: \d+; reason: cpu resource utilization \(percentage of request\) above target/);
    expect(errors).toEqual([]);
  });
});
