/**
 * The live picture of an eks cluster, in a real browser against a running Kubelab with the real
 * kubectl: the control plane drawn as a box AWS manages (its components, no node, no static pods),
 * the worker nodes under their EKS names, the seed's lab running on them with its ELB, and the
 * add-ons (aws-node, kube-proxy, CoreDNS) when kube-system is shown. Screenshots go where browser.ts says.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VIEWPORT, pageLabSession, signInWithToken } from './browser.ts';

const session = pageLabSession();
const MANIFEST = fileURLToPath(new URL('../kubectl/fixtures/lab.yaml', import.meta.url));

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

describe('the live picture of an eks cluster', () => {
  it('draws the control plane as managed by AWS and the nodes with their EKS names', { timeout: 120_000 }, async () => {
    const learner = await session.lab.enrol('Rahul Dave', { cluster: { flavour: 'eks' } });
    expect((await learner.kubectl(['apply', '-f', MANIFEST])).code).toBe(0);
    session.lab.advance(60_000);
    const nodes = (await learner.kubectl(['get', 'nodes', '-o', 'name'])).stdout.trim().split('\n').map((n) => n.replace('node/', ''));
    expect(nodes).toEqual([expect.stringMatching(/^ip-192-168-\d+-\d+\.us-west-2\.compute\.internal$/), expect.stringMatching(/^ip-192-168-\d+-\d+\.us-west-2\.compute\.internal$/)]);

    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);

    // The control plane: a box AWS manages, with the seed's five components and no node of its own.
    const plane = page.getByRole('group', { name: 'EKS control plane, managed by AWS' });
    await poll(() => plane.locator('.node-head').innerText()).toMatch(/^EKS control plane\s+managed by AWS\s+in AWS's account, on no node of the cluster$/);
    expect(await plane.locator('.component').allInnerTexts()).toEqual(['API server', 'etcd', 'scheduler', 'controller manager', 'cloud controller manager']);
    expect(await page.locator('.picture [data-kind="node"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))).toEqual(nodes);

    // The workers under their EKS names, each with its kubelet, kube-proxy and runtime and a pod of the lab.
    for (const name of nodes) {
      const node = page.locator(`.picture [data-kind="node"][data-name="${name}"]`);
      expect((await node.locator('.node-name').innerText()).replace(/\s/g, '')).toBe(name);
      expect(await node.locator('.node-detail').innerText()).toMatch(/^worker · 192\.168\.\d+\.\d+ · us-west-2[ab]$/);
      await poll(() => node.locator('[data-kind="pod"][data-namespace="default"]').getAttribute('data-status')).toBe('Running');
    }
    await poll(() => page.locator('.picture .service-list').innerText()).toMatch(/us-west-2\.elb\.amazonaws\.com/);

    // Describing a managed component says where it runs, and how kubectl sees it.
    await plane.getByRole('button', { name: /^scheduler: / }).click();
    await poll(() => page.locator('dialog').innerText()).toMatch(/On EKS it runs in AWS's account, managed by AWS/);
    expect(await page.locator('dialog').innerText()).toContain('kubectl get componentstatuses');
    await page.getByRole('button', { name: 'Close' }).click();

    // kube-system shown: the add-ons on every node, no control-plane pods anywhere.
    await page.getByRole('checkbox', { name: 'kube-system' }).check();
    for (const name of nodes) {
      const system = page.locator(`.picture [data-kind="node"][data-name="${name}"] [data-kind="pod"][data-namespace="kube-system"]`);
      const daemons = async () => (await system.evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''))).filter((pod) => /^(aws-node|kube-proxy)-\w{5}$/.test(pod)).map((pod) => pod.slice(0, -6)).sort();
      await poll(daemons).toEqual(['aws-node', 'kube-proxy']);
    }
    expect(await page.locator('.picture [data-kind="pod"][data-name^="kube-apiserver"]').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'kube-system' }).uncheck();
    await session.shots.take(page, '7-picture-eks');
    expect(errors).toEqual([]);
  });
});
