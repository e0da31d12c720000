/**
 * NetworkPolicies in the live picture and the web terminal, in a real browser against a running
 * Kubelab with the real kubectl: the docs' access-nginx policy drawn over the nginx pods it
 * isolates with what it lets in, the Service marking where curl from outside is dropped and by
 * which policy, and the terminal's curl timing out at once with the policy named on its routing
 * line. The screenshot is docs/screenshots/7-picture-netpol.png.
 */
import { describe, expect, it } from 'vitest';
import { VIEWPORT, pageLabSession, signInWithToken, terminalShows, typeLine } from './browser.ts';

const session = pageLabSession();

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

const ACCESS_NGINX = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: access-nginx\nspec:\n  podSelector:\n    matchLabels:\n      app: nginx\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          access: "true"\n';

describe('the live picture of NetworkPolicies', () => {
  it('draws the policy over the pods it isolates and marks the connection it drops with its name, as the terminal’s curl times out', { timeout: 200_000 }, async () => {
    const learner = await session.lab.enrol('Radia Perlman');
    expect((await learner.kubectl(['create', 'deployment', 'nginx', '--image=nginx', '--replicas=2'])).code).toBe(0);
    expect((await learner.kubectl(['expose', 'deployment', 'nginx', '--port=80'])).code).toBe(0);
    session.lab.advance(60_000);
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);
    await terminalShows(page, /kubectl@cl-\S+ \$/);
    const service = page.locator('.picture [data-kind="service"][data-name="nginx"]');
    await poll(() => service.locator('.endpoint.ready').count()).toBe(2);
    expect(await service.locator('.service-dropped').count()).toBe(0);

    expect((await learner.kubectl(['apply', '-f', '-'], { input: ACCESS_NGINX })).code).toBe(0);
    const policy = page.locator('.picture [data-kind="networkpolicy"][data-name="access-nginx"]');
    await poll(() => policy.innerText()).toMatch(/^NETPOL\s+access-nginx\s+app=nginx · 2 pods$/);
    const card = page.locator('.picture .netpol');
    expect(await card.locator('.netpol-direction').allInnerTexts()).toEqual(['in: pods access=true', 'out: not isolated']);
    await poll(() => service.locator('.service-dropped').innerText()).toBe('✕ curl from outside dropped by access-nginx');
    expect(await service.locator('.endpoint.dropped').count()).toBe(2);
    // Each pod it selects carries a mark naming it.
    expect(await page.locator('.picture [data-kind="pod"][data-namespace="default"] .pod-netpol').evaluateAll((marks) => marks.map((m) => m.getAttribute('data-policies')))).toEqual(['access-nginx', 'access-nginx']);
    // Pointing at the policy brings the pods it selects forward.
    await policy.hover();
    await poll(() => page.locator('.picture .pod-item.related').count()).toBe(2);

    await page.locator('.terminal-host').click();
    await typeLine(page, 'curl -m 5 http://nginx/');
    const shown = await terminalShows(page, /curl: \(28\) Failed to connect to nginx port 80 after 5000 ms: Timeout was reached/);
    // xterm wraps the long routing line at the terminal's width.
    expect(shown.replace(/\n/g, '')).toMatch(/network policy: sent through service default\/nginx to pod nginx-\S+ \(10\.244\.\d+\.\d+:80\) on worker-\d, where NetworkPolicy access-nginx lets no traffic from 198\.51\.100\.7 in: the packets are dropped/);
    await page.mouse.move(0, 0);
    await session.shots.take(page, '7-picture-netpol');

    // A default deny beside it: the card says so.
    expect((await learner.kubectl(['apply', '-f', '-'], { input: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n' })).code).toBe(0);
    const deny = page.locator('.picture .netpol', { has: page.locator('[data-name="deny-all"]') });
    await poll(() => deny.locator('.netpol-direction.deny').allInnerTexts()).toEqual(['in: nothing (default deny)', 'out: nothing (default deny)']);
    await poll(() => service.locator('.service-dropped').innerText()).toBe('✕ curl from outside dropped by access-nginx, deny-all');
    // The policy opens the describe dialog with the real kubectl's words.
    await policy.click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/Allowing ingress traffic:\n\s+To Port: <any> \(traffic allowed to all ports\)\n\s+From:\n\s+PodSelector: access=true/);
    await page.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
    await page.close();
  });
});
