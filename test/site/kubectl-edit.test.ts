/** Reading a `kubectl edit` line the way the page's terminal does before it opens the editor. */
import { describe, expect, it } from 'vitest';
import { editFileName, getLine, parseEdit } from '../../frontend/src/terminal/kubectl-edit.ts';

describe('parseEdit', () => {
  it('reads type/name, type name, and -n in each spelling, before or after edit', () => {
    expect(parseEdit('kubectl edit deployment/web')).toEqual({ target: { resource: 'deployment', name: 'web' } });
    expect(parseEdit('kubectl edit deploy web -n shop')).toEqual({ target: { resource: 'deploy', name: 'web', namespace: 'shop' } });
    expect(parseEdit('kubectl -n shop edit svc/web')).toEqual({ target: { resource: 'svc', name: 'web', namespace: 'shop' } });
    expect(parseEdit('kubectl edit cm/settings --namespace=kube-system')).toEqual({ target: { resource: 'cm', name: 'settings', namespace: 'kube-system' } });
    expect(parseEdit('kubectl edit pod web-1 -nshop')).toEqual({ target: { resource: 'pod', name: 'web-1', namespace: 'shop' } });
  });

  it('leaves every other line to the server', () => {
    expect(parseEdit('kubectl get deploy')).toBeUndefined();
    expect(parseEdit('kubectl describe deploy edit')).toBeUndefined();
    expect(parseEdit('curl edit')).toBeUndefined();
    expect(parseEdit('kubectl --kubeconfig x edit deploy/web')).toBeUndefined();
  });

  it('refuses in words what it cannot open: no name, several objects, other flags, a pipe', () => {
    expect(parseEdit('kubectl edit deploy')).toEqual({ refused: expect.stringMatching(/^name one object/) });
    expect(parseEdit('kubectl edit deploy a b')).toEqual({ refused: expect.stringMatching(/^name one object/) });
    expect(parseEdit('kubectl edit deploy/a b')).toEqual({ refused: expect.stringMatching(/^name one object/) });
    expect(parseEdit('kubectl edit deploy/web -o json')).toEqual({ refused: "the page's kubectl edit takes a resource, a name and -n only, not -o" });
    expect(parseEdit('kubectl edit deploy/web | grep x')).toEqual({ refused: 'kubectl edit opens the editor; its output cannot be piped' });
    expect(parseEdit('kubectl edit deploy/web -n')).toEqual({ refused: '-n needs a namespace' });
  });
});

describe('the edit file', () => {
  it('is named after the object\'s kind and name, and read with kubectl get -o yaml', () => {
    const target = { resource: 'deploy', name: 'web', namespace: 'shop' };
    expect(getLine(target)).toBe('kubectl get deploy web -n shop -o yaml');
    expect(editFileName('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n', target)).toBe('edit-deployment-web.yaml');
    expect(editFileName('', { resource: 'svc', name: 'web' })).toBe('edit-svc-web.yaml');
    expect(editFileName('kind: ConfigMap\n', { resource: 'cm', name: 'x'.repeat(120) })).toMatch(/^edit-configmap-x+\.yaml$/);
    expect(editFileName('kind: ConfigMap\n', { resource: 'cm', name: 'x'.repeat(120) }).length).toBeLessThanOrEqual(100);
  });
});
