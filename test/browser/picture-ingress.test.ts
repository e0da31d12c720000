/**
 * Ingresses in the live picture, in a real browser against a running Kubelab with the real
 * kubectl: an Ingress without a controller says so; once the nginx IngressClass is there it shows
 * the controller's address and its routes in front of the Services, a route pointed at brings its
 * Service's pods forward, a Service without ready pods marks its route, and the card opens the
 * real kubectl's describe. Screenshots go where browser.ts says.
 */
import { describe, expect, it } from 'vitest';
import { VIEWPORT, pageLabSession, signInWithToken } from './browser.ts';

const session = pageLabSession();

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

const NGINX_CLASS = 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n  controller: k8s.io/ingress-nginx';

describe('the live picture of Ingresses', () => {
  it('draws an Ingress in front of its Services with the controller’s address and its routes', { timeout: 200_000 }, async () => {
    const learner = await session.lab.enrol('Radia Perlman');
    const ok = async (...args: string[]) => expect((await learner.kubectl(args)).code, args.join(' ')).toBe(0);
    for (const app of ['shop', 'orders']) {
      await ok('create', 'deployment', app, '--image=nginx:1.27', `--replicas=${app === 'shop' ? 2 : 1}`);
      await ok('expose', 'deployment', app, '--port=80');
    }
    await ok('create', 'ingress', 'shop', '--class=nginx', '--rule=shop.example.com/*=shop:80', '--rule=shop.example.com/orders*=orders:80', '--rule=shop.example.com/admin=admin:80,tls=shop-tls');
    session.lab.advance(60_000);
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);

    const card = page.locator('.picture [data-kind="ingress"][data-name="shop"]');
    await poll(() => card.locator('.service-external').innerText()).toMatch(/^ADDRESS\s+no controller for class nginx$/);
    expect((await learner.kubectl(['apply', '-f', '-'], { input: NGINX_CLASS })).code).toBe(0);
    await poll(() => card.locator('.external-address').innerText()).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    const routes = (await card.locator('.ingress-route').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    expect(routes).toEqual(['TLS shop.example.com/* → shop:80', 'TLS shop.example.com/orders* → orders:80', 'TLS shop.example.com/admin → admin:80']);
    // The lane stands before the Services'.
    expect(await page.locator('.picture .ingresses').evaluate((lane) => lane.nextElementSibling?.getAttribute('aria-label'))).toBe('Services');
    // admin has no Service: its route is marked; orders' route brings its pod forward.
    expect(await card.locator('.ingress-route[data-service="admin"]').getAttribute('class')).toContain('unready');
    await card.locator('.ingress-route[data-service="orders"]').hover();
    await poll(() => page.locator('.anatomy-slide').getAttribute('class')).toContain('relating');
    await session.shots.take(page, '7-picture-ingress');

    await card.locator('.service-head').click();
    await poll(() => page.locator('.describe-output').innerText()).toMatch(/^Name:\s+shop\nLabels:\s+<none>\nNamespace:\s+default\nAddress:\s+a[0-9a-f]+-\d+\.us-east-1\.elb\.amazonaws\.com\nIngress Class:\s+nginx\n/);
    expect(await page.locator('.describe-output').innerText()).toMatch(/\/orders\s+orders:80 \(10\.244\.\d+\.\d+:80\)/);
    await page.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
    await page.close();
  });
});
