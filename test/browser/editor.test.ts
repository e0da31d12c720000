/**
 * The editor in a real browser against a running Kubelab with the real kubectl: a workspace file
 * written, saved and applied from the editor with kubectl's answer in the terminal below, and
 * `kubectl edit` opening the object in the editor, replacing it on Save (and a change made
 * meanwhile refused as a Conflict, as a real edit is), a full workspace's refusal in words,
 * rename and delete. Screenshots as in learner.test.ts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORT, callApi, pageLabSession, signInWithToken, terminalShows, terminalText } from './browser.ts';

const session = pageLabSession();

const admin = <T,>(method: string, path: string, body?: unknown) => callApi<T>(session.lab, method, path, body);

/** Types a line into the terminal, after clicking into it. */
async function typeInTerminal(page: Page, text: string): Promise<void> {
  await page.locator('.terminal-host').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const editorState = (page: Page) => page.locator('.editor-state').innerText();
const editorMessage = (page: Page) => page.locator('.editor-message').innerText();
const editorText = (page: Page) => page.locator('.cm-content').innerText();

const APP_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

describe('the editor', () => {
  it('writes, saves and applies a manifest; kubectl edit replaces the deployment, a change made meanwhile is a Conflict; a full workspace refuses in words; rename, delete', { timeout: 180_000 }, async () => {
    const created = await admin<{ id: string }>('POST', '/v1/admin/cohorts', { name: 'Day 4: manifests' });
    const ada = await admin<{ token: string }>('POST', `/v1/admin/cohorts/${created.id}/learners`, { name: 'Ada Lovelace' });
    const page = await session.browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithToken(page, session.lab.url, ada.token);
    await terminalShows(page, /kubectl@cl-\S+ \$/);
    // CodeMirror is not loaded until the editor is opened.
    const codeEditorLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /code-editor-/.test(entry.name)));
    expect(await codeEditorLoaded()).toBe(false);

    // The editor opens above the terminal, with an empty workspace.
    await page.getByRole('button', { name: 'Files and editor' }).click();
    await expect.poll(() => page.locator('.files-empty').innerText()).toMatch(/No files yet/);
    await expect.poll(codeEditorLoaded).toBe(true);
    // A name the workspace would refuse is refused in words before any request.
    await page.getByRole('button', { name: '+ New' }).click();
    await page.getByLabel('New file name').fill('my app.yaml');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => editorMessage(page)).toMatch(/"my app\.yaml" is not a file name: use letters, digits/);
    await page.getByLabel('New file name').fill('app.yaml');
    await page.keyboard.press('Enter');
    await expect.poll(() => editorState(page)).toBe('Not saved yet');
    await page.locator('.cm-content').click();
    await page.keyboard.insertText(APP_YAML);
    expect(await editorText(page)).toContain('image: nginx:1.27');
    // YAML highlighting: the keys are coloured apart from their values.
    expect(await page.locator('.cm-line', { hasText: 'replicas: 2' }).locator('span').count()).toBeGreaterThan(0);

    // Ctrl-S saves into the workspace; the file list counts it.
    await page.keyboard.press('Control+S');
    await expect.poll(() => editorState(page)).toBe('Saved');
    await expect.poll(() => editorMessage(page)).toBe('Saved app.yaml.');
    await expect.poll(() => page.locator('.files-usage').innerText()).toMatch(/^1 of 32 files/);
    // An unsaved change shows, and Apply saves it before kubectl reads the file.
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('# the lab\'s web server\n');
    await expect.poll(() => editorState(page)).toBe('Unsaved changes');
    await page.getByRole('button', { name: 'Apply' }).click();
    await terminalShows(page, /\$ kubectl apply -f app\.yaml\s+deployment\.apps\/web created/);
    await expect.poll(() => editorMessage(page)).toBe('Applied app.yaml: kubectl\'s answer is in the terminal.');
    expect(await editorState(page)).toBe('Saved');
    await session.shots.take(page, '9-editor-apply');
    // The bar between editor and terminal moves with the keyboard and with the mouse.
    const editorHeight = async () => (await page.locator('#editor-panel').boundingBox())!.height;
    const handle = page.getByRole('separator', { name: 'Editor and terminal heights' });
    const before = await editorHeight();
    await handle.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await editorHeight()).toBeLessThan(before - 40);
    expect(await handle.getAttribute('aria-valuenow')).toBe('50');
    const bar = (await handle.boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2 + 66, { steps: 4 });
    await page.mouse.up();
    expect(Math.abs((await editorHeight()) - before)).toBeLessThan(12);

    // kubectl edit reads the object with the real kubectl and opens it in the editor.
    session.lab.advance(30_000);
    await typeInTerminal(page, 'kubectl edit deployment/web');
    await terminalShows(page, /opened deployment\/web in the editor as edit-deployment-web\.yaml/);
    await expect.poll(() => page.locator('.editor-file').innerText()).toMatch(/edit-deployment-web\.yaml\s*kubectl edit/);
    expect(await editorText(page)).toMatch(/kind: Deployment[\s\S]*resourceVersion: "\d+"[\s\S]*replicas: 2/);
    // Find the spec's replicas with the editor's search (Ctrl-F), and type over it.
    await changeReplicas(page, 2, 3);
    await page.keyboard.press('Control+S');
    await terminalShows(page, /\$ kubectl replace -f edit-deployment-web\.yaml\s+deployment\.apps\/web replaced/);
    await expect.poll(() => editorMessage(page)).toMatch(/replaced deployment\/web/);
    session.lab.advance(30_000);
    await typeInTerminal(page, 'kubectl get deploy web');
    await terminalShows(page, /web\s+3\/3\s+3\s+3/);
    await session.shots.take(page, '9-editor-kubectl-edit');

    // As with a real edit, a change made after the object was read is a Conflict, not overwritten.
    await typeInTerminal(page, 'kubectl edit deploy web');
    await terminalShows(page, /\$ kubectl edit deploy web\s+opened deploy\/web in the editor/);
    await expect.poll(() => editorText(page)).toMatch(/^  replicas: 3$/m);
    await typeInTerminal(page, 'kubectl scale deployment web --replicas=5');
    await terminalShows(page, /deployment\.apps\/web scaled/);
    await changeReplicas(page, 3, 1);
    await page.getByRole('button', { name: 'Save and replace' }).click();
    // Rows joined: the message is wider than the terminal.
    await expect.poll(async () => (await terminalText(page)).replace(/\n/g, ''), { timeout: 20_000 }).toMatch(/Error from server \(Conflict\): error when replacing "edit-deployment-web\.yaml": Operation cannot be fulfilled on deployments\.apps "web": the object has been modified/);
    await expect.poll(() => editorMessage(page)).toMatch(/kubectl replace failed/);
    expect(await editorState(page)).toBe('Saved, not replaced');
    await typeInTerminal(page, 'kubectl get deploy web -o jsonpath={.spec.replicas}');
    await terminalShows(page, /jsonpath=\{\.spec\.replicas\}\s+5/);
    await session.shots.take(page, '9-editor-conflict');

    // A full workspace (32 files, the others saved by a script through the same API) refuses a save in words.
    for (let i = 1; i <= 30; i++) {
      const saved = await fetch(`${session.lab.url}/v1/me/workspace/notes-${i}.txt`, { method: 'PUT', headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ content: `${i}\n` }) });
      expect(saved.status).toBe(201);
    }
    await page.getByRole('button', { name: '+ New' }).click();
    await page.getByLabel('New file name').fill('extra.yaml');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('kind: ConfigMap\n');
    await page.keyboard.press('Control+S');
    await expect.poll(() => editorMessage(page)).toBe('extra.yaml is not saved. The workspace is full: a workspace holds at most 32 files: delete one first.');
    await expect.poll(() => editorState(page)).toBe('Not saved yet');
    // Deleting asks first; then there is room.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete app.yaml' }).click();
    await expect.poll(() => editorMessage(page)).toBe('Deleted app.yaml.');
    expect(await page.locator('.file-name').allInnerTexts()).not.toContain('app.yaml');
    await page.getByRole('button', { name: 'extra.yaml (unsaved)' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => editorState(page)).toBe('Saved');
    await expect.poll(() => page.locator('.files-usage').innerText()).toMatch(/^32 of 32 files/);
    // A rename works in a full workspace too; a name taken is refused in words.
    await page.getByRole('button', { name: 'Rename extra.yaml' }).click();
    await page.getByLabel('New name for extra.yaml').fill('notes-1.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => editorMessage(page)).toBe('notes-1.txt already exists: choose another name, or delete it first.');
    await page.getByLabel('New name for extra.yaml').fill('settings.yaml');
    await page.keyboard.press('Enter');
    await expect.poll(() => editorMessage(page)).toBe('Renamed extra.yaml to settings.yaml.');
    expect(await page.locator('.editor-file').innerText()).toBe('settings.yaml');
    const names = await page.locator('.file-name').allInnerTexts();
    expect(names).toContain('settings.yaml');
    expect(names).not.toContain('extra.yaml');
    expect(await editorText(page)).toMatch(/^kind: ConfigMap\s*$/);
    // After a reload, kubectl edit opens the editor itself (loading CodeMirror) on the object.
    await page.reload({ waitUntil: 'load' });
    await terminalShows(page, /kubectl@cl-\S+ \$/);
    expect(await page.locator('#editor-panel').count()).toBe(0);
    await typeInTerminal(page, 'kubectl edit deploy/web');
    await expect.poll(() => page.locator('.editor-file').innerText()).toMatch(/edit-deployment-web\.yaml\s*kubectl edit/);
    await expect.poll(() => editorText(page)).toMatch(/^  replicas: 5$/m);
    const renamed = await fetch(`${session.lab.url}/v1/me/workspace/settings.yaml`, { headers: { authorization: `Bearer ${ada.token}` } });
    expect(await renamed.json()).toMatchObject({ name: 'settings.yaml', content: 'kind: ConfigMap\n' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Changes the first `replicas: <from>` (the spec's; status comes after it) with the editor's search. */
async function changeReplicas(page: Page, from: number, to: number): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+F');
  // Typed, not filled: the search panel reads its field on key presses.
  await page.getByRole('textbox', { name: 'Find' }).pressSequentially(`replicas: ${from}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.type(`replicas: ${to}`);
  await expect.poll(() => editorText(page)).toMatch(new RegExp(`^  replicas: ${to}$`, 'm'));
}
