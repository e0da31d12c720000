import { describe, expect, it } from 'vitest';
import type { Pod } from '#core/objects.ts';
import { DEFAULT_MEMORY_REQUEST, milliValue, nodeAllocatable, podRequests, value } from '#core/scheduler/resources.ts';
import { makePod, seedLabNodes } from './fixtures.ts';

describe('quantities', () => {
  it.each([
    ['250m', 250],
    ['0.5', 500],
    ['2', 2000],
    ['1930m', 1930],
    ['0.1', 100],
    ['1.5', 1500],
    ['100u', 1],
    ['1e3', 1_000_000],
  ])('reads CPU %s as %i millicores', (text, expected) => {
    expect(milliValue(text)).toBe(expected);
  });

  it.each([
    ['128Mi', 134_217_728],
    ['1Gi', 1_073_741_824],
    ['512M', 512_000_000],
    ['3409648Ki', 3_491_479_552],
    ['18242267924', 18_242_267_924],
    ['1.5Gi', 1_610_612_736],
    ['1k', 1000],
    ['110', 110],
  ])('reads %s as %i', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('reads what it cannot parse as zero rather than failing the whole pod', () => {
    expect(value('lots')).toBe(0);
    expect(milliValue('1.2.3')).toBe(0);
    expect(value('12Xi')).toBe(0);
    expect(value(undefined)).toBe(0);
  });
});

describe('podRequests', () => {
  it('sums the containers and rises to the largest init container, as the scheduler counts a pod', () => {
    const pod: Pod = {
      ...makePod('web'),
      spec: {
        initContainers: [{ name: 'migrate', image: 'x', resources: { requests: { cpu: '2', memory: '3G' } } }],
        containers: [
          { name: 'a', image: 'x', resources: { requests: { cpu: '2', memory: '1G' } } },
          { name: 'b', image: 'x', resources: { requests: { cpu: '1', memory: '1G' } } },
        ],
      },
    };
    const { requests } = podRequests(pod);
    expect(requests.milliCpu).toBe(3000);
    expect(requests.memoryBytes).toBe(3_000_000_000);
    expect(requests.pods).toBe(1);
  });

  it('takes a limit as the request when only the limit is set, as API defaulting would', () => {
    const pod: Pod = {
      ...makePod('web'),
      spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '500m', memory: '256Mi' } } }] },
    };
    expect(podRequests(pod).requests).toMatchObject({ milliCpu: 500, memoryBytes: 268_435_456 });
  });

  it('scores a container without requests as 100m and 200Mi, but does not filter on them', () => {
    const result = podRequests(makePod('best-effort'));
    expect(result.requests.milliCpu).toBe(0);
    expect(result.requests.memoryBytes).toBe(0);
    expect(result.nonZeroMilliCpu).toBe(100);
    expect(result.nonZeroMemoryBytes).toBe(DEFAULT_MEMORY_REQUEST);
  });

  it('keeps an explicit zero request at zero even for scoring', () => {
    const result = podRequests(makePod('zero', { cpu: '0', memory: '0' }));
    expect(result.nonZeroMilliCpu).toBe(0);
    expect(result.nonZeroMemoryBytes).toBe(0);
  });

  it('keeps extended resources such as GPUs apart', () => {
    expect(podRequests(makePod('train', { extra: { 'nvidia.com/gpu': '1' } })).requests.scalar).toEqual({ 'nvidia.com/gpu': 1 });
  });
});

describe('nodeAllocatable', () => {
  it("reads the seed lab worker's allocatable", () => {
    const worker = seedLabNodes()[1];
    expect(worker && nodeAllocatable(worker)).toMatchObject({
      milliCpu: 1930,
      memoryBytes: 3_491_479_552,
      ephemeralStorageBytes: 18_242_267_924,
      pods: 110,
    });
  });
});
