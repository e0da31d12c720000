/**
 * Service accounts in the live picture, in a real browser against a running Kubelab with the real
 * kubectl: each account with the bindings that grant it something, the role each binds and its
 * rules in words, a binding to a role that does not exist flagged, and an account nothing grants
 * anything saying so. Every one opens kubectl describe. Screenshots go where browser.ts says.
 */
import { describe, expect, it } from 'vitest';
import { VIEWPORT, pageLabSession, signInWithToken } from './browser.ts';

const session = pageLabSession();

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

describe('the live picture of service accounts and RBAC', () => {
  it('draws each account with its bindings, roles and rules, and describes them', { timeout: 120_000 }, async () => {
    const learner = await session.lab.enrol('Radia Perlman');
    const kubectl = async (...args: string[]) => expect((await learner.kubectl(args)).code, args.join(' ')).toBe(0);
    await kubectl('create', 'namespace', 'app');
    await kubectl('create', 'serviceaccount', 'ci', '-n', 'app');
    await kubectl('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods,pods/log', '-n', 'app');
    await kubectl('create', 'rolebinding', 'ci-reads-pods', '--role=pod-reader', '--serviceaccount=app:ci', '-n', 'app');
    await kubectl('create', 'rolebinding', 'ci-config', '--role=config-reader', '--serviceaccount=app:ci', '-n', 'app');
    await kubectl('create', 'serviceaccount', 'deployer');
    await kubectl('create', 'rolebinding', 'deployer-edits', '--clusterrole=edit', '--serviceaccount=default:deployer');
    await kubectl('create', 'serviceaccount', 'idle');
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);

    const ci = page.locator('.picture .account').filter({ has: page.locator('[data-kind="serviceaccount"][data-name="ci"]') });
    await poll(() => ci.locator('.grant').count()).toBe(2);
    expect(await ci.locator('.workload-row').innerText()).toMatch(/^SA\s+ci\s+app$/);
    const reads = ci.locator('.grant[data-binding="ci-reads-pods"]');
    expect(await reads.innerText()).toMatch(/^↳ RoleBinding ci-reads-pods\s+Role pod-reader\s+in app\s+get, list, watch pods, pods\/log$/);
    const missing = ci.locator('.grant[data-binding="ci-config"]');
    expect(await missing.getAttribute('class')).toContain('missing');
    expect(await missing.locator('.grant-none').innerText()).toBe('the Role config-reader does not exist: this binding grants nothing');

    const deployer = page.locator('.picture .account').filter({ has: page.locator('[data-name="deployer"]') });
    expect(await deployer.locator('.grant-role').innerText()).toBe('ClusterRole edit');
    expect(await deployer.locator('.grant-rules li').last().innerText()).toMatch(/^\+ \d+ more rules$/);
    const idle = page.locator('.picture .account').filter({ has: page.locator('[data-name="idle"]') });
    expect(await idle.locator('.grant-none').innerText()).toBe('no role bound: it may only ask what it may do');
    // The namespaces' default accounts, which nothing grants anything, are left out.
    expect(await page.locator('.picture .account [data-kind="serviceaccount"][data-name="default"]').count()).toBe(0);

    await ci.scrollIntoViewIfNeeded();
    await session.shots.take(page, '7-picture-rbac');

    // Binding, role and account each open the real kubectl's describe.
    await reads.locator('.grant-role').click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/^Name:\s+pod-reader\nLabels:\s+<none>\nAnnotations:\s+<none>\nPolicyRule:\n\s+Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n/);
    await page.getByRole('button', { name: 'Close' }).click();
    await reads.locator('.grant-binding').click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/^Name:\s+ci-reads-pods\n[\s\S]*Role:\n\s+Kind:\s+Role\n\s+Name:\s+pod-reader\n/);
    await page.getByRole('button', { name: 'Close' }).click();

    // A grant that goes away leaves the picture.
    await kubectl('delete', 'rolebinding', 'ci-config', '-n', 'app');
    await poll(() => ci.locator('.grant').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
