import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_LINE, redactLine, type CommandRecord } from '#services/terminal/command-history.ts';
import { TerminalService, type KubectlRun } from '#services/terminal/terminal.ts';

describe('redactLine', () => {
  it.each([
    ['kubectl get pods --token=abc123', 'kubectl get pods --token=***'],
    ['kubectl get pods --token abc123 -o wide', 'kubectl get pods --token *** -o wide'],
    ["kubectl get pods --password='s3 cret'", 'kubectl get pods --password=***'],
    ['kubectl create secret generic db --from-literal=password=hunter2 --from-literal user=ada', 'kubectl create secret generic db --from-literal=password=*** --from-literal user=***'],
    ['curl -H "Authorization: Bearer eyJhbGciOi" http://web', 'curl -H "Authorization: Bearer *** http://web'],
    ['echo klb_learner_Zm9vYmFyYmF6', 'echo klb_***'],
    ['kubectl get pods -n default', 'kubectl get pods -n default'],
  ])('%s', (line, shown) => {
    expect(redactLine(line)).toBe(shown);
  });

  it('cuts a long line', () => {
    const cut = redactLine(`kubectl get pods ${'x'.repeat(500)}`);
    expect(cut).toHaveLength(MAX_RECORDED_LINE);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe("the terminal's record of what a learner ran", () => {
  const runner = { run: async (request: KubectlRun) => ({ stdout: `ran ${request.args.join(' ')}\n`, stderr: '', exitCode: request.args[0] === 'get' ? 0 : 1 }) };

  it('keeps each line with how it ended, and refused lines with why, without holding up or failing the command', async () => {
    const recorded: { clusterId: string; record: CommandRecord }[] = [];
    let now = Date.UTC(2026, 0, 1, 9, 0, 0);
    const terminal = new TerminalService(runner, () => (now += 250), { history: async (clusterId, record) => void recorded.push({ clusterId, record }) });
    const command = { learnerId: 'ln-1', clusterId: 'cl-1', token: 'klb_learner_secret' };
    expect((await terminal.run({ ...command, line: 'kubectl get pods | grep web' })).exitCode).toBe(1);
    expect((await terminal.run({ ...command, line: 'kubectl get nodes' })).exitCode).toBe(0);
    expect(() => terminal.start({ ...command, line: 'kubectl exec -it web -- sh' })).toThrow(/exec/);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(recorded.map((r) => r.clusterId)).toEqual(['cl-1', 'cl-1', 'cl-1']);
    expect(recorded[0]?.record).toEqual({ line: 'kubectl get pods | grep web', at: '2026-01-01T09:00:00.250Z', exitCode: 1, durationMs: 250 });
    expect(recorded[1]?.record).toMatchObject({ line: 'kubectl get nodes', exitCode: 0 });
    expect(recorded[2]?.record).toEqual({ line: 'kubectl exec -it web -- sh', at: expect.any(String), refused: expect.stringMatching(/exec/) });
  });
});
