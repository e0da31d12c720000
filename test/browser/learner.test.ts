/**
 * The learner's page in a real browser against a running Kubelab with the real kubectl: join with
 * the cohort's code, run kubectl in the terminal, stay signed in across a reload, download the
 * kubeconfig, sign out. Screenshots of each step go to a temporary directory (and, with
 * UPDATE_SCREENSHOTS=1, to docs/screenshots/).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORT, callApi, pageLabSession, signInWithToken, terminalShows, terminalText, typeLine } from './browser.ts';

const session = pageLabSession();

const admin = <T,>(method: string, path: string, body?: unknown) => callApi<T>(session.lab, method, path, body);

describe('the learner\'s page', () => {
  it('joins with a code, runs kubectl in the terminal, survives a reload, downloads the kubeconfig, signs out', { timeout: 180_000 }, async () => {
    const created = await admin<{ id: string }>('POST', '/v1/admin/cohorts', { name: 'Day 4: Kubernetes' });
    const { joinCode } = await admin<{ joinCode: string }>('GET', `/v1/admin/cohorts/${created.id}`);
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    // The join form, and a wrong code refused in words beside it.
    await page.goto(`${session.lab.url}/`, { waitUntil: 'load' });
    await page.getByLabel('Join code').fill('AAAAA-BBBBB');
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Join and get my cluster' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/join code is not valid/);
    await session.shots.take(page, '1-join-refused');

    // The right code: a cluster, the token shown once, and the terminal with its prompt.
    await page.getByLabel('Join code').fill(joinCode.toLowerCase().replace('-', ''));
    await page.getByRole('button', { name: 'Join and get my cluster' }).click();
    const clusterId = (await page.locator('.who-cluster').innerText()).trim();
    expect(clusterId).toMatch(/^cl-[a-z0-9]+$/);
    await expect.poll(() => page.locator('.token-notice .token').innerText()).toMatch(/^klb_learner_/);
    await terminalShows(page, new RegExp(`kubectl@${clusterId} \\$`));
    await expect.poll(() => page.locator('.node .badge').allInnerTexts()).toEqual(['Ready', 'Ready', 'Ready']);
    await session.shots.take(page, '2-joined');
    // Signing out before the token is saved asks first; cancelling keeps the learner in.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(asked).toEqual([expect.stringMatching(/not saved your token/)]);
    expect(await page.locator('.who-name').innerText()).toBe('Ada Lovelace');
    await page.getByRole('button', { name: 'I saved it' }).click();

    // Tab completes the resource type; the real kubectl lists the three Ready nodes.
    await page.locator('.terminal-host').click();
    await typeLine(page, 'kubectl get nod', false);
    await page.keyboard.press('Tab');
    await terminalShows(page, /\$ kubectl get nodes\s*$/);
    await page.keyboard.press('Enter');
    const nodes = await terminalShows(page, /worker-2\s+Ready/);
    expect(nodes).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(nodes.match(/^(control-plane|worker-1|worker-2)\s+Ready\s/gm)).toHaveLength(3);

    // A refused line is explained; a watch runs until Ctrl-C stops it.
    await typeLine(page, 'kubectl exec web -- sh');
    await terminalShows(page, /not run: kubectl exec is not available here/);
    await typeLine(page, 'kubectl get pods -w');
    await expect.poll(() => page.locator('.status-line').innerText()).toMatch(/Running\s+kubectl get pods -w/);
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.locator('.status-line').innerText(), { timeout: 20_000 }).toMatch(/^Ready/);
    await terminalShows(page, /\^C[\s\S]*\$\s*$/);
    // The control plane's components run as pods on the master node.
    await typeLine(page, 'kubectl get pods -n kube-system | grep control-plane');
    await terminalShows(page, /etcd-control-plane\s+1\/1\s+Running[\s\S]*\$\s*$/);
    expect(errors).toEqual([]);
    await session.shots.take(page, '3-terminal');
    // Ctrl-L clears the screen and keeps the line being typed; Ctrl-C abandons it.
    await typeLine(page, 'kubectl version', false);
    await page.keyboard.press('Control+L');
    await expect.poll(() => terminalText(page)).not.toMatch(/etcd-control-plane/);
    await terminalShows(page, /^kubectl@cl-\S+ \$ kubectl version\s*$/);
    await page.keyboard.press('Control+C');
    await terminalShows(page, /\$ kubectl version\^C\s+kubectl@cl-\S+ \$\s*$/);
    // clear is the page's own: the screen empties, the prompt stays.
    await typeLine(page, 'clear');
    await expect.poll(() => terminalText(page)).not.toMatch(/NAME/);
    await terminalShows(page, /^kubectl@cl-\S+ \$/);
    // Tab completes inside the terminal; Escape then Tab moves the keyboard on to the page.
    const inTerminal = () => page.evaluate(() => Boolean((globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document.activeElement?.closest('.xterm')));
    expect(await inTerminal()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await inTerminal()).toBe(false);

    // A reload keeps the learner signed in, with their history.
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => page.locator('.who-name').innerText()).toBe('Ada Lovelace');
    await terminalShows(page, /kubectl@cl-/);
    await page.locator('.terminal-host').click();
    await page.keyboard.press('ArrowUp');
    await terminalShows(page, /\$ clear\s*$/);
    await page.keyboard.press('ArrowUp');
    await terminalShows(page, /\$ kubectl get pods -n kube-system \| grep control-plane\s*$/);
    await page.keyboard.press('Control+C');

    // The kubeconfig for a kubectl of the learner's own.
    await page.getByText('Use your own kubectl').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download kubeconfig/ }).click()]);
    expect(download.suggestedFilename()).toBe(`kubelab-${clusterId}.kubeconfig`);
    const kubeconfig = await readFile(await download.path(), 'utf8');
    expect(kubeconfig).toContain(`current-context: kubelab-${clusterId}`);
    expect(await page.locator('.commands').innerText()).toContain(`export KUBECONFIG=~/Downloads/kubelab-${clusterId}.kubeconfig`);
    await session.shots.take(page, '4-after-reload');

    // Signing out forgets the token on this browser.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/You are signed out/);
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('kubelab.token'))).toBeNull();
    await session.shots.take(page, '5-signed-out');
    await page.reload({ waitUntil: 'load' });
    await page.getByLabel('Join code').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('does the lab in the terminal: deploys, watches the pods start as it happens, curls the app through kube-proxy', { timeout: 180_000 }, async () => {
    const created = await admin<{ id: string }>('POST', '/v1/admin/cohorts', { name: 'Day 4: the lab' });
    const grace = await admin<{ token: string }>('POST', `/v1/admin/cohorts/${created.id}/learners`, { name: 'Grace Hopper' });
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, grace.token);
    await terminalShows(page, /kubectl@cl-\S+ \$/);
    await page.locator('.terminal-host').click();

    await typeLine(page, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
    await terminalShows(page, /deployment\.apps\/web created/);
    await typeLine(page, 'kubectl expose deployment web --port=80 --type=LoadBalancer');
    await terminalShows(page, /service\/web exposed/);
    // The watch streams: the pods' rows appear while the command still runs.
    await typeLine(page, 'kubectl get pods -w');
    await terminalShows(page, /get pods -w\s+NAME\s+READY\s+STATUS[\s\S]*web-\S+\s+\d\/1\s+(ContainerCreating|Running|Pending)/);
    await expect.poll(() => page.locator('.status-line').innerText()).toMatch(/Running\s+kubectl get pods -w/);
    session.lab.advance(30_000);
    await terminalShows(page, /web-\S+\s+1\/1\s+Running/);
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.locator('.status-line').innerText(), { timeout: 20_000 }).toMatch(/^Ready/);

    // Traffic through kube-proxy: the page nginx serves, which pod answered, and the spread.
    await typeLine(page, 'curl http://web/ | grep title');
    await terminalShows(page, /<title>Welcome to nginx!<\/title>\s+kube-proxy: sent through the cluster IP of service default\/web to pod web-\S+/);
    await typeLine(page, 'curl web --repeat 20');
    const spread = await terminalShows(page, /20 requests to web through service default\/web, spread by kube-proxy:\s+POD\s+NODE\s+ANSWERED\s+web-\S+\s+worker-\d\s+\d+\s+#+\s+web-\S+\s+worker-\d/);
    expect(spread).toMatch(/worker-1[\s\S]*worker-2|worker-2[\s\S]*worker-1/);
    await session.shots.take(page, '6-lab-curl');
    expect(errors).toEqual([]);
    await page.close();
  });
});
