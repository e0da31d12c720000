/**
 * `perl -e` one-liners, as far as a course meets them: the Kubernetes documentation's example Job
 * runs `perl -Mbignum=bpi -wle 'print bpi(2000)'`, which prints pi to 2000 digits and exits 0, and
 * `print "text"` prints its text. Anything else runs silently and exits 0. Pi is computed (Machin's
 * formula on BigInts), so the log is the real number, digit for digit.
 */
import type { ProcessOutcome } from './process.ts';

/** The script of `-e`/`-E`, from separate or bundled switches (`-wle SCRIPT`, `-e SCRIPT`); undefined when there is none. */
function oneLiner(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-') || arg.startsWith('-M') || arg.startsWith('-I')) continue;
    const e = arg.search(/[eE]/);
    if (e < 0) continue;
    return e < arg.length - 1 ? arg.slice(e + 1) : (args[i + 1] ?? '');
  }
  return undefined;
}

/** atan(1/x) scaled by `scale`, by its Taylor series. */
function arctanInverse(x: bigint, scale: bigint): bigint {
  let term = scale / x;
  let sum = term;
  const xx = x * x;
  for (let n = 3n, sign = -1n; term !== 0n; n += 2n, sign = -sign) {
    term /= xx;
    sum += (sign * term) / n;
  }
  return sum;
}

/** Pi to `digits` significant digits, rounded, as Math::BigFloat's bpi(digits) prints it ("3.14159..."). */
export function piDigits(digits: number): string {
  const n = Math.max(1, Math.min(digits, 20_000));
  const guard = 10n;
  const scale = 10n ** (BigInt(n - 1) + guard);
  const pi = 16n * arctanInverse(5n, scale) - 4n * arctanInverse(239n, scale);
  const rounded = (pi + 10n ** guard / 2n) / 10n ** guard;
  const text = rounded.toString();
  return n === 1 ? text : `${text[0]}.${text.slice(1)}`;
}

/** What `perl ARGS` does when ARGS run a one-liner; undefined when they do not (a script file, the debugger). */
export function perlOneLiner(args: readonly string[]): ProcessOutcome | undefined {
  const script = oneLiner(args);
  if (script === undefined) return undefined;
  const pi = /print\s*\(?\s*bpi\s*\(\s*(\d+)\s*\)/.exec(script);
  if (pi) {
    const digits = Number(pi[1]);
    // Math::BigFloat takes its time over thousands of digits: about 3 ms a digit.
    const afterMs = 1_080 + digits * 3;
    // The line comes a second before the exit: logs are replayed up to the finish time the pod's
    // status records, in whole seconds, so a line stamped at the exit itself could be cut off.
    return { kind: 'exits', exitCode: 0, afterMs, lines: [{ offsetMs: afterMs - 1_000, text: piDigits(digits), stream: 'stdout' }] };
  }
  const text = /print\s*\(?\s*(["'])((?:\\.|(?!\1).)*)\1/.exec(script);
  const printed = text ? (text[2] ?? '').replace(/\\n$/, '').replace(/\\t/g, '\t') : undefined;
  return { kind: 'exits', exitCode: 0, afterMs: 30, lines: printed === undefined ? [] : [{ offsetMs: 0, text: printed, stream: 'stdout' }] };
}
