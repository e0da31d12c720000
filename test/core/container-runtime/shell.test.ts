import { describe, expect, it } from 'vitest';
import { evaluateArithmetic, evaluateTest, formatDate, parseSleep } from '#core/container-runtime/shell-builtins.ts';
import { runShell, type ProgramResult, type ShellContext } from '#core/container-runtime/shell.ts';
import { styleLines, type LogContext } from '#core/container-runtime/log-styles.ts';
import { allocatePodIP, emptyRuntimeState, nodeRuntime } from '#core/container-runtime/state.ts';

const START = Date.UTC(2026, 10, 25, 14, 37, 7);

function sh(source: string, options: Partial<ShellContext<string>> = {}) {
  return runShell<string>(source, {
    env: { NAME: 'web' },
    startMs: START,
    untilMs: Infinity,
    maxLines: 100,
    flavour: 'busybox',
    program: (argv): ProgramResult<string> => (argv[0] === 'server' ? { kind: 'runs', detail: 'server' } : argv[0] === 'ok' ? { kind: 'exits', exitCode: 0, durationMs: 100, lines: ['ok!'] } : { kind: 'not-found' }),
    ...options,
  });
}

const out = (source: string, options: Partial<ShellContext<string>> = {}) => sh(source, options).lines.map((l) => l.text);

describe('the sh interpreter', () => {
  it('writes files under a writable mount with > and >>, reads them back, and reports each file\'s last text once', () => {
    const files = { '/data/': '', '/data/old': 'kept\n' };
    const run = sh('echo one > /data/x; date >> /data/x; sleep 2; echo two >> /data/x; cat /data/x /data/old; echo gone > /tmp/y; cat /tmp/y; [ -f /data/x ] && echo there', { files, writable: ['/data/'] });
    expect(run.lines.map((l) => l.text)).toEqual(['one', 'Wed Nov 25 14:37:07 UTC 2026', 'two', 'kept', 'there']);
    expect(run.writes).toEqual([{ path: '/data/x', text: 'one\nWed Nov 25 14:37:07 UTC 2026\ntwo\n', offsetMs: 2000 }]);
    // Without a writable mount nothing is kept, and the output still leaves the log.
    expect(sh('echo one > /data/x', { files }).writes).toEqual([]);
    expect(out('echo one > /data/x; echo shown', { files })).toEqual(['shown']);
  });

  it('reads mounted files with cat, ls and test, and refuses paths missing under a mount in each shell\'s words', () => {
    const files = { '/etc/config/': '', '/etc/config/greeting': 'hello\n', '/etc/config/nested/a.txt': 'a', '/etc/app.conf': 'port=80\nmode=dev' };
    expect(out('cat /etc/config/greeting /etc/app.conf; ls /etc/config; ls /etc/config/nested', { files })).toEqual(['hello', 'port=80', 'mode=dev', 'greeting', 'nested', 'a.txt']);
    expect(out('G=$(cat /etc/config/greeting); echo "[$G]"', { files })).toEqual(['[hello]']);
    expect(out('[ -f /etc/config/greeting ] && echo file; [ -d /etc/config ] && echo dir; [ -e /etc/config/nope ] || echo none; [ -d /tmp ] && echo tmp', { files })).toEqual(['file', 'dir', 'none', 'tmp']);
    expect(out('cat /etc/config/nope; echo $?; ls /etc/config/nope; echo $?; cat /etc/config', { files })).toEqual([
      "cat: can't open '/etc/config/nope': No such file or directory", '1', 'ls: /etc/config/nope: No such file or directory', '1', 'cat: read error: Is a directory',
    ]);
    expect(out('cat /etc/config/nope; ls /etc/config/nope; echo $?', { files, flavour: 'dash' })).toEqual(['cat: /etc/config/nope: No such file or directory', "ls: cannot access '/etc/config/nope': No such file or directory", '2']);
    // Paths outside the mounts are the image's own: nothing known to print, and ls is the image's program.
    expect(out('cat /etc/hostname; echo $?; ls /etc', { files })).toEqual(['0', 'sh: ls: not found']);
  });

  it('runs lists, && and ||, if/else, for and until', () => {
    expect(out('echo a && echo b || echo c; false || echo d')).toEqual(['a', 'b', 'd']);
    expect(out('if [ "$NAME" = web ]; then echo yes; else echo no; fi')).toEqual(['yes']);
    expect(out('if test -z "$MISSING"; then echo empty; fi')).toEqual(['empty']);
    expect(out('for i in 1 2 3; do echo "n=$i"; done')).toEqual(['n=1', 'n=2', 'n=3']);
    expect(out('i=0; until [ $i -ge 2 ]; do echo $i; i=$((i+1)); done')).toEqual(['0', '1']);
  });

  it('expands variables, defaults, arithmetic and command substitution', () => {
    expect(out('echo ${NAME} ${UNSET:-fallback} $((2 * (3 + 4) % 5)) "$(echo inner)" \'$NAME\'')).toEqual(['web fallback 4 inner $NAME']);
    expect(out('export GREETING=hi; echo $GREETING; printenv GREETING')).toEqual(['hi', 'hi']);
    expect(out('printf "%s-%d\\n" a 7; seq 2 4')).toEqual(['a-7', '2', '3', '4']);
  });

  it('keeps time: sleep advances the clock, date prints it', () => {
    const run = sh('date; sleep 1m; date +%H:%M:%S; sleep 0.5; exit 4');
    expect(run.lines.map((l) => [l.offsetMs, l.text])).toEqual([
      [0, 'Wed Nov 25 14:37:07 UTC 2026'],
      [60_000, '14:38:07'],
    ]);
    expect(run.end).toEqual({ kind: 'exit', code: 4, atMs: 60_500 });
  });

  it('hands over to a program that runs, and reports one that is missing', () => {
    expect(sh('echo start; exec server').end).toEqual({ kind: 'runs', detail: 'server', atMs: 0 });
    expect(out('ok; nope; echo $?')).toEqual(['ok!', 'sh: nope: not found', '127']);
    expect(out('nope', { flavour: 'bash' })).toEqual(['bash: line 1: nope: command not found']);
  });

  it('drops output sent elsewhere: redirections and the left side of pipes', () => {
    expect(out('echo hidden > /dev/null; echo one | cat; echo shown 2>&1')).toEqual(['shown']);
  });

  it('knows loops that never end and stops at the window', () => {
    expect(sh('while true; do sleep 5; done').end.kind).toBe('runs');
    expect(sh('sleep infinity').end.kind).toBe('runs');
    expect(sh('tail -f /dev/null').end.kind).toBe('runs');
    const windowed = sh('while :; do echo tick; sleep 10; done', { untilMs: 35_000 });
    expect(windowed.lines).toHaveLength(4);
    expect(windowed.end).toEqual({ kind: 'running' });
  });

  it('never throws on odd input', () => {
    expect(() => sh('if then fi ;; && || "unclosed \'quote $(( ) ${')).not.toThrow();
    expect(sh('').end).toEqual({ kind: 'exit', code: 0, atMs: 0 });
  });
});

describe('shell built-ins', () => {
  it('evaluate arithmetic over integers without eval', () => {
    const vars = new Map([['x', '6']]);
    expect(evaluateArithmetic('x * 7 - 2', vars)).toBe(40);
    expect(evaluateArithmetic('x / 0 + 10 % 4', vars)).toBe(2);
    expect(evaluateArithmetic('(x > 5) && (x <= 6) || 0', vars)).toBe(1);
    expect(evaluateArithmetic('!0 + -3 + unset', vars)).toBe(-2);
  });

  it('test strings, numbers and files', () => {
    expect(evaluateTest(['3', '-lt', '10'])).toBe(true);
    expect(evaluateTest(['a', '!=', 'b'])).toBe(true);
    expect(evaluateTest(['-f', '/etc/hosts'])).toBe(true);
    expect(evaluateTest(['-d', '/nowhere'])).toBe(false);
    expect(evaluateTest(['!', '-n', ''])).toBe(true);
    expect(evaluateTest([])).toBe(false);
  });

  it('format dates and sleep durations', () => {
    expect(formatDate(START, '+%F %T %s %a %b %e %Z %z %%')).toBe(`2026-11-25 14:37:07 ${START / 1000} Wed Nov 25 UTC +0000 %`);
    expect(parseSleep(['1.5'])).toBe(1_500);
    expect(parseSleep(['2m', '30s'])).toBe(150_000);
    expect(parseSleep(['1h', '1d'])).toBe(90_000_000);
    expect(parseSleep(['inf'])).toBeUndefined();
  });
});

describe('program start-up lines', () => {
  const context: LogContext = { startMs: START, version: '2.4.63', podIP: '10.244.1.5', hostname: 'web', port: undefined, env: {}, missingEnv: false, viaEntrypoint: true };

  it('word Apache, Redis, MySQL, whoami and a generic server as they print', () => {
    expect(styleLines('httpd', context, 1_000, 10)[0]?.text).toBe(
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.5. Set the 'ServerName' directive globally to suppress this message",
    );
    expect(styleLines('redis', { ...context, version: '7.4.4' }, 1_000, 10).map((l) => l.text)).toContain('1:M 25 Nov 2026 14:37:07.002 * Ready to accept connections tcp');
    expect(styleLines('mysql', { ...context, version: '8.4.5' }, 20_000, 10).at(-1)?.text).toContain('/usr/sbin/mysqld: ready for connections.');
    expect(styleLines('whoami', { ...context, port: 8080 }, 1_000, 10).map((l) => l.text)).toEqual(['2026/11/25 14:37:07 Starting up on port 8080']);
    expect(styleLines('generic', { ...context, port: 3000 }, 1_000, 10).map((l) => l.text)).toEqual(['Listening on port 3000']);
    expect(styleLines('none', context, 1_000, 10)).toEqual([]);
  });

  it('print only what was printed by the window, and at most the newest lines', () => {
    expect(styleLines('postgres', { ...context, version: '17.5' }, 1_000, 10).map((l) => l.text)).toHaveLength(2);
    const probed = styleLines('httpd', { ...context, probe: { firstMs: 0, periodMs: 1_000, path: '/', nodeIP: '10.0.1.11', status: 200 } }, 3_600_000, 5);
    expect(probed).toHaveLength(5);
    expect(probed.at(-1)?.text).toBe('10.0.1.11 - - [25/Nov/2026:15:37:07 +0000] "GET / HTTP/1.1" 200 45');
  });
});

describe('pod addresses', () => {
  it('are handed out round-robin in the node\'s /24, skipping those still held once wrapped', () => {
    const runtime = nodeRuntime(emptyRuntimeState(), 'worker-1');
    expect(allocatePodIP(runtime, '10.244.1.0/24')).toBe('10.244.1.2');
    expect(allocatePodIP(runtime, '10.244.1.0/24')).toBe('10.244.1.3');
    runtime.lastIP = 254;
    runtime.pods['Pod/default/a'] = { uid: 'a', seenAt: 0, sandboxAt: 0, ip: '10.244.1.2', boot: 0, syncedTo: 0, containers: {} };
    expect(allocatePodIP(runtime, '10.244.1.0/24')).toBe('10.244.1.3');
    expect(allocatePodIP(runtime, 'not-a-cidr')).toBeUndefined();
  });
});
