import { describe, expect, it } from 'vitest';
import { CommandLineError, parseCommandLine } from '#services/terminal/command-line.ts';

describe('the terminal command line', () => {
  it('splits by shell quoting rules into pipe stages', () => {
    expect(parseCommandLine(`kubectl get pods -o jsonpath='{.items[*].metadata.name}' | grep web | wc -l`).stages).toEqual([
      ['kubectl', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
      ['grep', 'web'],
      ['wc', '-l'],
    ]);
    expect(parseCommandLine('kubectl run s --image=busybox -- sh -c "echo hello; sleep 3600"').stages).toEqual([
      ['kubectl', 'run', 's', '--image=busybox', '--', 'sh', '-c', 'echo hello; sleep 3600'],
    ]);
  });

  it('keeps variables and globs as written, since there is no shell to expand them', () => {
    expect(parseCommandLine('kubectl get pods $HOME *.yaml').stages).toEqual([['kubectl', 'get', 'pods', '$HOME', '*.yaml']]);
    expect(parseCommandLine('kubectl get pods # all of them').stages).toEqual([['kubectl', 'get', 'pods']]);
  });

  it.each([
    ['kubectl get pods; cat /etc/passwd', /";" is not supported here: one command at a time/],
    ['kubectl get pods && rm -rf /', /"&&" is not supported/],
    ['kubectl get pods || id', /"\|\|" is not supported/],
    ['kubectl get pods > pods.txt', /no file system to redirect into/],
    ['kubectl apply -f - < /etc/passwd', /workspace file/],
    ['kubectl get pods $(id)', /need a shell/],
    ['kubectl get pods &', /foreground/],
    ['kubectl get pods |', /a pipe needs a command on each side/],
    ['| grep x', /a pipe needs a command on each side/],
  ])('refuses %s', (line, message) => {
    expect(() => parseCommandLine(line)).toThrow(CommandLineError);
    expect(() => parseCommandLine(line)).toThrow(message);
  });

  it('refuses a line longer than it reads', () => {
    expect(() => parseCommandLine(`kubectl get pods ${'x'.repeat(9000)}`)).toThrow(/at most 8192/);
  });
});
