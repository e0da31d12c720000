/** Tab completion in the web terminal: kubectl's words, and names from the learner's cluster. */
import { describe, expect, it } from 'vitest';
import { applyCompletion, columns, complete, type NameQuery } from '../../frontend/src/terminal/completion.ts';
import { lineOf, type LineState } from '../../frontend/src/terminal/line-editor.ts';

const CLUSTER: Readonly<Record<string, readonly string[]>> = {
  pods: ['web-7d9f8-abcde', 'web-7d9f8-fghij', 'db-0'],
  nodes: ['control-plane', 'worker-1', 'worker-2'],
  namespaces: ['default', 'kube-system', 'kube-public'],
  deployment: ['web'],
  deploy: ['web'],
};

function lookupRecording(): { asked: NameQuery[]; lookup: (q: NameQuery) => Promise<readonly string[]> } {
  const asked: NameQuery[] = [];
  return { asked, lookup: async (q) => (asked.push(q), CLUSTER[q.resource] ?? []) };
}

async function tab(line: string | LineState): Promise<{ text: string; list: readonly string[] }> {
  const state = typeof line === 'string' ? lineOf(line) : line;
  const result = applyCompletion(state, await complete(state, lookupRecording().lookup));
  return { text: result.state.text, list: result.list };
}

describe('completion', () => {
  it('completes the command, kubectl subcommands and resource types with their short names', async () => {
    expect(await tab('kub')).toEqual({ text: 'kubectl ', list: [] });
    expect(await tab('kubectl desc')).toEqual({ text: 'kubectl describe ', list: [] });
    expect(await tab('kubectl get deploym')).toEqual({ text: 'kubectl get deployments ', list: [] });
    expect(await tab('kubectl get svc')).toEqual({ text: 'kubectl get svc ', list: [] });
    expect((await tab('kubectl get p')).list).toEqual(['pdb', 'persistentvolumeclaims', 'po', 'poddisruptionbudgets', 'pods', 'pvc']);
  });

  it('extends to the common prefix first, and lists the candidates when nothing more is common', async () => {
    expect(await tab('kubectl get repl')).toEqual({ text: 'kubectl get replicasets ', list: [] });
    expect(await tab('kubectl get de')).toEqual({ text: 'kubectl get deploy', list: [] });
    expect(await tab('kubectl get deploy')).toEqual({ text: 'kubectl get deploy', list: ['deploy', 'deployments'] });
    expect((await tab('kubectl ')).list).toContain('rollout');
  });

  it('completes the names in the learner\'s cluster, in the namespace the line names', async () => {
    const { asked, lookup } = lookupRecording();
    const state = lineOf('kubectl -n kube-system get pods d');
    expect(applyCompletion(state, await complete(state, lookup)).state.text).toBe('kubectl -n kube-system get pods db-0 ');
    expect(asked).toEqual([{ resource: 'pods', namespace: 'kube-system' }]);
    expect(await tab('kubectl get pods web')).toEqual({ text: 'kubectl get pods web-7d9f8-', list: [] });
    expect(await tab('kubectl logs db')).toEqual({ text: 'kubectl logs db-0 ', list: [] });
    expect(await tab('kubectl cordon worker-')).toEqual({ text: 'kubectl cordon worker-', list: ['worker-1', 'worker-2'] });
    expect(await tab('kubectl describe deploy/w')).toEqual({ text: 'kubectl describe deploy/web ', list: [] });
    expect(await tab('kubectl edit deploy w')).toEqual({ text: 'kubectl edit deploy web ', list: [] });
    expect(await tab('kubectl rollout status deployment w')).toEqual({ text: 'kubectl rollout status deployment web ', list: [] });
    expect(await tab('kubectl scale deployment w')).toEqual({ text: 'kubectl scale deployment web ', list: [] });
  });

  it('completes flag values: namespaces after -n, formats after -o', async () => {
    expect(await tab('kubectl get pods -n kube-s')).toEqual({ text: 'kubectl get pods -n kube-system ', list: [] });
    expect(await tab('kubectl get pods -o ya')).toEqual({ text: 'kubectl get pods -o yaml ', list: [] });
    expect(await tab('kubectl get pods -o jsonp')).toEqual({ text: 'kubectl get pods -o jsonpath=', list: [] });
    expect(await tab('kubectl get pods -l ap')).toEqual({ text: 'kubectl get pods -l ap', list: [] });
  });

  it('completes the filters after a pipe, and in the middle of a line keeps what follows', async () => {
    expect(await tab('kubectl get pods | gr')).toEqual({ text: 'kubectl get pods | grep ', list: [] });
    expect(await tab({ text: 'kubectl ge pods', cursor: 10 })).toEqual({ text: 'kubectl get  pods', list: [] });
  });

  it('lays candidates out in columns that fit the terminal', () => {
    expect(columns(['pods', 'po', 'pvc', 'persistentvolumeclaims'], 50)).toEqual(['pods                    po', 'pvc                     persistentvolumeclaims']);
  });
});
