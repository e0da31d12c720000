import { describe, expect, it } from 'vitest';
import { perlOneLiner, piDigits } from '#core/container-runtime/perl.ts';

describe('perl one-liners', () => {
  it('prints pi to the digits bpi asks for, rounded', () => {
    expect(piDigits(50)).toBe('3.1415926535897932384626433832795028841971693993751');
    expect(piDigits(5)).toBe('3.1416');
    expect(piDigits(2000)).toHaveLength(2001);
  });

  it('runs the Kubernetes docs example Job, `print "text"`, and exits 0 either way', () => {
    const pi = perlOneLiner(['-Mbignum=bpi', '-wle', 'print bpi(2000)']);
    expect(pi).toMatchObject({ kind: 'exits', exitCode: 0 });
    expect(pi?.kind === 'exits' && pi.lines[0]?.text.startsWith('3.14159265358979')).toBe(true);
    expect(perlOneLiner(['-e', 'print "hello\\n"'])).toMatchObject({ kind: 'exits', exitCode: 0, lines: [{ text: 'hello' }] });
    expect(perlOneLiner(['script.pl'])).toBeUndefined();
  });
});
