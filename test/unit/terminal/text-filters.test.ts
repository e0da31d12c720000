import { describe, expect, it } from 'vitest';
import { FilterError, runFilter } from '#services/terminal/text-filters.ts';

const PODS = `NAME                   READY   STATUS    RESTARTS   AGE
web-7d4b9c-abcde       1/1     Running   0          2m
web-7d4b9c-fghij       1/1     Running   3          2m
api-5f6d7-klmno        0/1     Pending   0          10s
`;

describe('the pipe filters', () => {
  it('greps lines, case-insensitively, inverted, counted and numbered', () => {
    expect(runFilter(['grep', 'web'], PODS)).toEqual({ output: 'web-7d4b9c-abcde       1/1     Running   0          2m\nweb-7d4b9c-fghij       1/1     Running   3          2m\n', exitCode: 0 });
    expect(runFilter(['grep', '-c', 'Running'], PODS).output).toBe('2\n');
    expect(runFilter(['grep', '-vi', 'running'], PODS).output.split('\n')[1]).toMatch(/^api-/);
    expect(runFilter(['grep', '-n', 'Pending'], PODS).output).toMatch(/^4:api-/);
    expect(runFilter(['grep', '-E', 'abcde|klmno'], PODS).output.split('\n').filter(Boolean)).toHaveLength(2);
    expect(runFilter(['grep', 'abcde|klmno'], PODS).exitCode).toBe(1);
    expect(runFilter(['grep', 'nothing'], PODS)).toEqual({ output: '', exitCode: 1 });
  });

  it('takes head and tail as coreutils does', () => {
    expect(runFilter(['head', '-n', '1'], PODS).output).toBe(`${PODS.split('\n')[0]}\n`);
    expect(runFilter(['head', '-2'], PODS).output.split('\n')).toHaveLength(3);
    expect(runFilter(['tail', '-1'], PODS).output).toMatch(/^api-/);
    expect(runFilter(['tail', '-n', '+2'], PODS).output.split('\n')[0]).toMatch(/^web-7d4b9c-abcde/);
  });

  it('counts lines, words and bytes', () => {
    expect(runFilter(['wc', '-l'], PODS).output).toBe('4\n');
    expect(runFilter(['wc'], 'a b\nc\n').output).toBe('      2       3       6\n');
  });

  it('sorts, numerically, reversed, by a column, uniquely', () => {
    expect(runFilter(['sort'], 'b\na\nc\n').output).toBe('a\nb\nc\n');
    expect(runFilter(['sort', '-r'], 'b\na\nc\n').output).toBe('c\nb\na\n');
    expect(runFilter(['sort', '-n'], '10\n9\n100\n').output).toBe('9\n10\n100\n');
    expect(runFilter(['sort', '-k', '4', '-n', '-r'], PODS.split('\n').slice(1).join('\n')).output.split('\n')[0]).toMatch(/fghij/);
    expect(runFilter(['sort', '-u'], 'a\nb\na\n').output).toBe('a\nb\n');
  });

  it('refuses options and programs it does not have, naming them', () => {
    expect(() => runFilter(['grep', '--recursive', 'x'], PODS)).toThrow("grep: unrecognized option '--recursive'");
    expect(() => runFilter(['grep', 'x', '/etc/passwd'], PODS)).toThrow(/reads kubectl's output here, not files/);
    expect(() => runFilter(['head', '-n', 'lots'], PODS)).toThrow("head: invalid number of lines: 'lots'");
    expect(() => runFilter(['awk', '{print $1}'], PODS)).toThrow(FilterError);
    expect(() => runFilter(['grep'], PODS)).toThrow(/no pattern given/);
  });
});
