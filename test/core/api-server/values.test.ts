import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateClusterIP, allocateNodePort, claimClusterIP, claimNodePort } from '#core/api-server/allocation.ts';
import { compareQuantities, cpuMilliString, memoryString, milli, bytes, parseQuantity, sumQuantities } from '#core/api-server/quantity.ts';
import { isDNS1123Label, isQualifiedName, isValidPercent } from '#core/api-server/names.ts';
import { kubectlErrorMessage, invalidStatus, internalErrorStatus } from '#core/api-server/status.ts';
import { invalid, required, tooLong, notFound, forbidden } from '#core/api-server/field-errors.ts';
import { goQuote, goStringSlice, goDeploymentStrategy } from '#core/api-server/go-values.ts';
import { Random } from '#core/random.ts';

const text = (input: string | number) => {
  const parsed = parseQuantity(input);
  return parsed.ok ? parsed.quantity.text : parsed.message;
};

describe('quantities, as resource.Quantity parses and prints them', () => {
  it('canonicalizes what the API server rewrites and keeps canonical spellings', () => {
    expect(text('0.5')).toBe('500m');
    expect(text('1024Mi')).toBe('1Gi');
    expect(text('1000')).toBe('1k');
    expect(text('128Mi')).toBe('128Mi');
    expect(text('1e3')).toBe('1e3');
    expect(text(2)).toBe('2');
  });

  it('refuses what is not a quantity with the decoder messages', () => {
    expect(text('1Gb')).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(text('')).toMatch(/^quantities must match/);
  });

  it('converts to millicores and bytes, compares and sums exactly', () => {
    expect(milli('250m')).toBe(250);
    expect(bytes('1Ki')).toBe(1024);
    expect(cpuMilliString(1500)).toBe('1500m');
    expect(memoryString(128 * 1024 * 1024)).toBe('128Mi');
    const a = parseQuantity('0.1');
    const b = parseQuantity('100m');
    expect(a.ok && b.ok && compareQuantities(a.quantity, b.quantity)).toBe(0);
    expect(sumQuantities(['0.1', '0.2']).text).toBe('300m');
  });
});

describe('names', () => {
  it('checks DNS labels, qualified names and percentages', () => {
    expect(isDNS1123Label('web-1')).toEqual([]);
    expect(isDNS1123Label('a'.repeat(64))[0]).toBe('must be no more than 63 characters');
    expect(isQualifiedName('example.com/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(isValidPercent('25%')).toEqual([]);
    expect(isValidPercent('25')[0]).toMatch(/^a valid percent string must be a numeric string followed by an ending '%'/);
  });
});

describe('service allocators', () => {
  it('allocate distinct free addresses and ports, deterministically from the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const random = new Random(Random.fromSeed(seed).state());
        const ips = new Set<string>();
        const ports = new Set<number>();
        for (let i = 0; i < 20; i++) {
          const ip = allocateClusterIP(random, ips);
          const port = allocateNodePort(random, ports);
          expect(ip.ok && port.ok).toBe(true);
          if (ip.ok) ips.add(ip.value);
          if (port.ok) ports.add(port.value);
        }
        expect(ips.size).toBe(20);
        expect(ips.has('10.96.0.1')).toBe(false);
        expect([...ports].every((p) => p >= 30000 && p <= 32767)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('report a full range and addresses outside the range as the allocators word it', () => {
    const random = new Random(Random.fromSeed(1).state());
    expect(allocateNodePort(random, new Set([30000, 30001]), { base: 30000, size: 2 })).toEqual({ ok: false, reason: 'RangeFull', message: 'range is full' });
    expect(claimClusterIP('10.0.0.5', new Set())).toMatchObject({ ok: false, message: 'the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12' });
    expect(claimClusterIP('10.96.0.1', new Set())).toMatchObject({ ok: false, message: 'provided IP is already allocated' });
    expect(claimNodePort(30500, new Set([30500]))).toMatchObject({ ok: false, reason: 'AlreadyAllocated' });
  });
});

describe('Status text as kubectl prints it', () => {
  it('prints one cause inline and several as a list', () => {
    const one = invalidStatus('Deployment', 'apps', 'web', [required('spec.selector')]);
    expect(kubectlErrorMessage(one)).toBe('The Deployment "web" is invalid: spec.selector: Required value');
    const two = invalidStatus('Pod', '', 'p', [required('spec.containers'), invalid('metadata.name', 'P', 'bad')]);
    expect(kubectlErrorMessage(two)).toBe('The Pod "p" is invalid: \n* spec.containers: Required value\n* metadata.name: Invalid value: "P": bad');
    expect(kubectlErrorMessage(internalErrorStatus('range is full'))).toBe('Error from server (InternalError): Internal error occurred: range is full');
  });

  it('renders bad values in Go syntax', () => {
    expect(goQuote('a"b\n')).toBe('"a\\"b\\n"');
    expect(goStringSlice(undefined).goSyntax).toBe('[]string(nil)');
    expect(goDeploymentStrategy('Blue', false).goSyntax).toBe('apps.DeploymentStrategy{Type:"Blue", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}');
    expect(tooLong('data', 1).message).toBe('Too long: may not be more than 1 byte');
    expect(notFound('x', 'y').message).toBe('Not found: "y"');
    expect(forbidden('x', '').message).toBe('Forbidden');
  });
});
