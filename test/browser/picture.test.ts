/**
 * The live picture of the learner's cluster in a real browser, against a running Kubelab with the
 * real kubectl: the seed's lab typed into the terminal (a Deployment of 2 replicas and a
 * LoadBalancer Service) drawn as it happens, the components that acted named in the feed, a pod
 * described through the terminal route, and a worker's failure with its pods replaced. Simulated
 * time runs at a twentieth of real time here, so ContainerCreating stays on screen until the test
 * moves the clock on. Screenshots go where browser.ts says (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORT, callApi, pageLabSession, signInWithToken, terminalText, typeLine } from './browser.ts';

const session = pageLabSession({ timeScale: 0.05 });

const admin = <T,>(method: string, path: string, body?: unknown) => callApi<T>(session.lab, method, path, body);

/** Runs a line and waits for its output and the next prompt (keys typed before the prompt are dropped). */
async function run(page: Page, line: string, output: RegExp): Promise<void> {
  await typeLine(page, line);
  await terminalShows(page, new RegExp(`${output.source}\\s+kubectl@\\S+ \\$\\s*$`));
}

async function terminalShows(page: Page, pattern: RegExp): Promise<void> {
  // Generous: the machine running the tests may be busy with others.
  await expect.poll(() => terminalText(page), { timeout: 40_000, interval: 200 }).toMatch(pattern);
}

/** The learner's pods as the picture shows them: node, name, STATUS as drawn. */
function drawnPods(page: Page) {
  return page.locator('.picture [data-kind="node"] [data-kind="pod"][data-namespace="default"]').evaluateAll((buttons) =>
    buttons
      .filter((b) => !(b as HTMLButtonElement).disabled)
      .map((b) => ({
        node: b.closest('[data-kind="node"]')?.getAttribute('data-name'),
        name: b.getAttribute('data-name'),
        status: b.getAttribute('data-status'),
        ready: b.querySelector('.pod-ready')?.textContent,
      }))
      .sort((x, y) => `${x.node}${x.name}`.localeCompare(`${y.node}${y.name}`)),
  );
}

const feed = (page: Page) => page.locator('.feed-list').innerText();

/** expect.poll with room for a busy machine: a change made outside the page shows at the picture's quiet pace (5 s). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 200 });

describe('the live picture', () => {
  it('draws the lab as it happens, says which component acted, describes a pod, and shows a failed node replaced', { timeout: 240_000 }, async () => {
    const cohort = await admin<{ id: string }>('POST', '/v1/admin/cohorts', { name: 'Day 4: the picture' });
    const learner = await admin<{ id: string; token: string }>('POST', `/v1/admin/cohorts/${cohort.id}/learners`, { name: 'Katherine Johnson' });
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, learner.token);
    await terminalShows(page, /kubectl@cl-\S+ \$/);

    // The anatomy: a control plane with its five components, two workers with theirs, all Ready.
    const node = (name: string) => page.locator(`.picture [data-kind="node"][data-name="${name}"]`);
    await poll(() => page.locator('.picture [data-kind="node"] .badge').allInnerTexts()).toEqual(['Ready', 'Ready', 'Ready']);
    expect(await node('control-plane').locator('[data-kind="component"]').evaluateAll((c) => c.map((e) => e.getAttribute('data-name')))).toEqual([
      'api-server',
      'etcd',
      'scheduler',
      'controller-manager',
      'cloud-controller',
    ]);
    for (const worker of ['worker-1', 'worker-2']) {
      expect(await node(worker).getAttribute('aria-label')).toBe(`Worker node ${worker}: Ready`);
      expect(await node(worker).locator('[data-kind="component"]').evaluateAll((c) => c.map((e) => e.getAttribute('aria-label')))).toEqual([
        `kubelet on ${worker}: talks to the API server and manages the containers on its node. Describe`,
        `kube-proxy on ${worker}: sends traffic for a service to its ready pods. Describe`,
        `container runtime on ${worker}: pulls the images and runs the containers. Describe`,
      ]);
    }
    expect(await drawnPods(page)).toEqual([]);

    // The lab: the pods appear on both workers while their containers are created.
    await page.locator('.terminal-host').click();
    await run(page, 'kubectl create deployment web --image=nginx:1.27 --replicas=2', /deployment\.apps\/web created/);
    await run(page, 'kubectl expose deployment web --port=80 --type=LoadBalancer', /service\/web exposed/);
    await expect.poll(() => drawnPods(page).then((pods) => pods.map((p) => `${p.node} ${p.status} ${p.ready}`)), { timeout: 15_000 }).toEqual([
      'worker-1 ContainerCreating 0/1',
      'worker-2 ContainerCreating 0/1',
    ]);
    const service = page.locator('.picture [data-kind="service"][data-name="web"]');
    await poll(() => service.innerText()).toMatch(/web\s+LoadBalancer\s+80:\d+\/TCP[\s\S]*load balancer\s+pending/i);
    await poll(() => feed(page)).toMatch(/scheduler: assigned default\/web-\S+ to worker-1/);
    expect(await feed(page)).toMatch(/scheduler: assigned default\/web-\S+ to worker-2/);
    expect(await feed(page)).toMatch(/API server: stored the new Deployment default\/web in etcd/);
    expect(await page.locator('.feed-list').getAttribute('aria-live')).toBe('polite');
    await session.shots.take(page, '7-picture-creating');

    // Thirty seconds on: the kubelets have the pods running, the service has both as endpoints and
    // the cloud controller manager's load balancer address.
    session.lab.advance(30_000);
    await expect.poll(() => drawnPods(page).then((pods) => pods.map((p) => `${p.node} ${p.status} ${p.ready}`)), { timeout: 15_000 }).toEqual([
      'worker-1 Running 1/1',
      'worker-2 Running 1/1',
    ]);
    const pods = await drawnPods(page);
    await poll(() => service.locator('.endpoint.ready').evaluateAll((e) => e.map((x) => x.getAttribute('data-pod')).sort())).toEqual(pods.map((p) => p.name).sort());
    expect(await service.locator('.external-address').innerText()).toMatch(/elb\.amazonaws\.com$/);
    expect(await feed(page)).toMatch(/kubelet on worker-1: pulled nginx:1\.27 for default\/web-/);
    expect(await feed(page)).toMatch(/kubelet on worker-2: default\/web-\S+ is Running \(1\/1 ready\)/);
    expect(await feed(page)).toMatch(/cloud controller manager: load balancer ready for default\/web/);
    expect(await page.locator('.picture [data-kind="deployment"][data-name="web"]').getAttribute('aria-label')).toBe('Deployment default/web: 2 of 2 ready. Describe');

    // A write lights its component with an arrow to what it changed: scaling to 3, the scheduler places the third pod.
    // A light lasts until the next poll brings other writes, so the page itself notes it when it comes
    // (on a busy machine a poll of the test could fall between two of the page's).
    await page.evaluate(() => {
      const w = globalThis as unknown as { document: { querySelector(s: string): unknown; body: unknown }; MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void }; seen?: { lit: boolean; arrow: boolean } };
      const seen: { lit: boolean; arrow: boolean } = { lit: false, arrow: false };
      w.seen = seen;
      new w.MutationObserver(() => {
        if (w.document.querySelector('.picture [data-name="control-plane"] [data-kind="component"][data-name="scheduler"].lit')) seen.lit = true;
        if (w.document.querySelector('.picture .arrows .arrow')) seen.arrow = true;
      }).observe(w.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    });
    await run(page, 'kubectl scale deployment web --replicas=3', /deployment\.apps\/web scaled/);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { seen: { lit: boolean; arrow: boolean } }).seen), { timeout: 30_000, interval: 100 }).toEqual({ lit: true, arrow: true });
    // The new pod's entrance and the arrows' fade-in take a moment.
    await page.waitForTimeout(700);
    await session.shots.take(page, '7-picture-running');
    session.lab.advance(30_000);
    await expect.poll(() => drawnPods(page).then((p) => p.filter((x) => x.status === 'Running').length), { timeout: 15_000 }).toBe(3);

    // Enter on a pod shows what kubectl describe says about it.
    const first = page.locator(`.picture [data-kind="pod"][data-name="${pods[0]!.name}"]`);
    await first.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.locator('h2').innerText()).toBe(`Pod default/${pods[0]!.name}`);
    await expect.poll(() => dialog.locator('.describe-output').innerText(), { timeout: 20_000 }).toMatch(new RegExp(`Name:\\s+${pods[0]!.name}[\\s\\S]*Node:\\s+${pods[0]!.node}/[\\s\\S]*Status:\\s+Running`));
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    // A component's dialog says what it is for, what it did lately, and describes its own pod.
    await node('control-plane').locator('[data-kind="component"][data-name="scheduler"]').click();
    await poll(() => dialog.locator('.describe-about').innerText()).toBe('The scheduler puts pods on worker nodes.');
    expect(await dialog.locator('.describe-recent').innerText()).toMatch(/assigned default\/web-\S+ to worker-[12]/);
    await expect.poll(() => dialog.locator('.describe-output').innerText(), { timeout: 20_000 }).toMatch(/Name:\s+kube-scheduler-control-plane/);
    await page.keyboard.press('Escape');
    // Keyboard on a Service brings its endpoints' pods forward.
    await page.locator('.picture [data-kind="service"][data-name="web"] .service-head').focus();
    await poll(() => page.locator('.picture .pod-item.related').count()).toBe(3);
    expect(await page.locator('.picture .anatomy-slide').getAttribute('class')).toContain('relating');

    // While the learner's own command runs, describe waits its turn, and says so.
    await page.locator('.terminal-host').click();
    await typeLine(page, 'kubectl get pods -w');
    await poll(() => page.locator('.status-line').innerText()).toMatch(/Running\s+kubectl get pods -w/);
    await page.locator('.picture [data-kind="service"][data-name="web"] .service-head').click();
    await expect.poll(() => dialog.getByRole('alert').innerText(), { timeout: 20_000 }).toMatch(/Your terminal is still running a command[\s\S]*Ctrl-C/);
    await page.keyboard.press('Escape');
    await page.locator('.terminal-host').click();
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.locator('.status-line').innerText(), { timeout: 20_000 }).toMatch(/^Ready/);

    // worker-1 fails: 40 s without heartbeats make it NotReady; after 5 minutes its pods are evicted
    // and the replica set's replacements run on worker-2.
    const onWorker1 = pods.find((p) => p.node === 'worker-1')!;
    await admin('POST', `/v1/admin/cohorts/${cohort.id}/learners/${learner.id}/faults`, { type: 'failNode', node: 'worker-1' });
    await page.getByRole('button', { name: 'Fast-forward 1 minute' }).click();
    await expect.poll(() => node('worker-1').locator('.badge').innerText(), { timeout: 15_000 }).toBe('NotReady');
    expect(await node('worker-1').getAttribute('class')).toContain('not-ready');
    expect(await node('worker-1').innerText()).toMatch(/No heartbeat from the kubelet/);
    await poll(() => feed(page)).toMatch(/controller manager: node worker-1 status is now: NodeNotReady/);
    // The learner skips the five minutes with the picture's fast-forward.
    await page.getByRole('button', { name: 'Fast-forward 5 minutes' }).click();
    await poll(() => page.locator('.fast-forward [role="status"]').innerText()).toBe('Moved 5 minutes ahead.');
    await page.getByRole('button', { name: 'Fast-forward 1 minute' }).click();
    await expect.poll(
      () => drawnPods(page).then((all) => all.filter((p) => p.node === 'worker-2' && p.status === 'Running').length),
      { timeout: 20_000 },
    ).toBe(3);
    await poll(() => drawnPods(page).then((all) => all.find((p) => p.name === onWorker1.name)?.status ?? 'gone')).toMatch(/^(Terminating|gone)$/);
    await poll(() => service.locator('.endpoint.ready').count()).toBe(3);
    expect(await service.locator(`.endpoint[data-pod="${onWorker1.name}"]`).count()).toBe(0);

    // The cluster's own pods are summarised, and drawn on request.
    expect(await node('worker-2').locator('.system-note').innerText()).toMatch(/^\+ \d+ kube-system pods?$/);
    await page.getByRole('checkbox', { name: 'kube-system' }).check();
    await poll(() => node('worker-2').locator('[data-kind="pod"][data-namespace="kube-system"][data-name^="kube-proxy-"]').count()).toBe(1);
    await page.getByRole('checkbox', { name: 'kube-system' }).uncheck();

    // A hidden browser tab stops asking for the picture; back on it, the picture catches up.
    const polls: number[] = [];
    page.on('request', (request) => request.url().includes('/v1/me/cluster/view') && polls.push(Date.now()));
    const visibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        const doc = (globalThis as unknown as { document: { dispatchEvent(e: unknown): void } }).document;
        Object.defineProperty(doc, 'visibilityState', { value, configurable: true });
        doc.dispatchEvent(new (globalThis as unknown as { Event: new (type: string) => unknown }).Event('visibilitychange'));
      }, state);
    await visibility('hidden');
    await page.waitForTimeout(1500);
    const hiddenFrom = polls.length;
    await page.waitForTimeout(3000);
    expect(polls.length).toBe(hiddenFrom);
    // Back on the tab, it catches up at once, not at the next quiet tick.
    await visibility('visible');
    await expect.poll(() => polls.length, { timeout: 2500 }).toBeGreaterThan(hiddenFrom);
    // So does a picture the page does not show (a hidden tab of the right column).
    await page.locator('.picture').evaluate((panel) => ((panel as unknown as { style: { display: string } }).style.display = 'none'));
    await page.waitForTimeout(1500);
    const notShownFrom = polls.length;
    await page.waitForTimeout(3000);
    expect(polls.length).toBe(notShownFrom);
    await page.locator('.picture').evaluate((panel) => ((panel as unknown as { style: { display: string } }).style.display = ''));
    await expect.poll(() => polls.length, { timeout: 2500 }).toBeGreaterThan(notShownFrom);

    // Widened, the picture takes more of the page and the terminal keeps a usable width.
    await page.getByRole('button', { name: 'Widen' }).click();
    expect(await page.locator('.desk').getAttribute('class')).toContain('picture-wide');
    expect((await page.locator('.terminal-panel').boundingBox())!.width).toBeGreaterThan(470);
    expect((await page.locator('.picture').boundingBox())!.width).toBeGreaterThan(600);
    await session.shots.take(page, '7-picture-node-failed');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the live picture's rows", () => {
  it('keep inside the side panel whatever the names: a claim bound to a volume named by its uid, a long Job, a StatefulSet in order, a DaemonSet by node', { timeout: 120_000 }, async () => {
    const learner = await session.lab.enrol('Mary Jackson');
    const manifest = [
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: writer\nspec:\n  volumes:\n  - name: d\n    persistentVolumeClaim:\n      claimName: data\n  containers:\n  - name: w\n    image: busybox\n    command: [sh, -c, "echo saved > /data/note; sleep 3600"]\n    volumeMounts:\n    - name: d\n      mountPath: /data',
    ].join('\n---\n');
    expect((await learner.kubectl(['apply', '-f', '-'], { input: manifest })).code).toBe(0);
    expect((await learner.kubectl(['create', 'job', 'a-job-whose-name-is-as-long-as-a-learner-might-type', '--image=busybox', '--', 'true'])).code).toBe(0);
    const statefulSet = [
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: nginx\n  ports:\n  - port: 80',
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 2\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi',
    ].join('\n---\n');
    expect((await learner.kubectl(['apply', '-f', '-'], { input: statefulSet })).code).toBe(0);
    const daemonSet =
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: fluentd-elasticsearch\nspec:\n  selector:\n    matchLabels:\n      name: fluentd-elasticsearch\n  template:\n    metadata:\n      labels:\n        name: fluentd-elasticsearch\n    spec:\n      containers:\n      - name: fluentd-elasticsearch\n        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2';
    expect((await learner.kubectl(['apply', '-f', '-'], { input: daemonSet })).code).toBe(0);
    // OrderedReady: web-1 only once web-0 runs and is ready.
    for (let step = 0; step < 4; step++) session.lab.advance(15_000);
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    await signInWithToken(page, session.lab.url, learner.token);
    // A volume for the claim 'data' and one for each of the StatefulSet's pods.
    await poll(() => page.locator('.picture [data-kind="persistentvolume"]').count()).toBe(3);
    await poll(() => page.locator('.picture [data-kind="job"]').count()).toBe(1);
    // The StatefulSet's pods in order, each with the claim it keeps.
    await poll(() => page.locator('.picture .stateful .stateful-pod').allInnerTexts()).toEqual([expect.stringMatching(/web-0\s+Running · www-web-0/), expect.stringMatching(/web-1\s+Running · www-web-1/)]);
    expect(await page.locator('.picture [data-kind="statefulset"][data-name="web"]').innerText()).toMatch(/^STATEFULSET\s+web\s+2\/2 ready$/);
    // The DaemonSet's pods by node: the control plane's taint keeps it to the workers.
    await poll(() => page.locator('.picture .daemon .daemon-pod').allInnerTexts()).toEqual([expect.stringMatching(/fluentd-elasticsearch-\w{5}\s+Running · worker-1/), expect.stringMatching(/fluentd-elasticsearch-\w{5}\s+Running · worker-2/)]);
    expect(await page.locator('.picture [data-kind="daemonset"][data-name="fluentd-elasticsearch"]').innerText()).toMatch(/^DAEMONSET\s+fluentd-elasticsearch\s+2\/2 ready$/);
    // Nothing is wider than the panel: the long names end in an ellipsis rather than push the picture sideways.
    const overflow = await page.locator('.picture').evaluate((panel) => panel.scrollWidth - panel.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await session.shots.take(page, '7-picture-claims');
    await page.close();
  });
});
