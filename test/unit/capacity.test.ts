/** The API's throttle, sized from what a class sends (lib/capacity.ts), checked by hand and in the template. */
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { classRequestsPerSecond, throttleFor } from '#lib/capacity.ts';
import { addKubelabStacks } from '#lib/index.ts';
import { testApp } from '../support/cdk.ts';

describe('the throttle for a class', () => {
  it('is the steady rate with half again as headroom, and a burst that takes every learner\'s command at once', () => {
    // 40 learners: 40 × (1 picture poll + 120/3600 × 3.41 requests) = 44.547 a second.
    expect(classRequestsPerSecond(40)).toBeCloseTo(44.5467, 3);
    expect(throttleFor(40)).toEqual({ rateLimit: 67, burstLimit: 45 + 160 });
  });

  it('never asks for more than the account\'s default quota', () => {
    // 1,000 learners: 1,113.7 a second → 1,671 with headroom; a burst of 1,114 + 4,000 is over the 5,000 quota.
    expect(throttleFor(1000)).toEqual({ rateLimit: 1671, burstLimit: 5000 });
    expect(throttleFor(10_000)).toEqual({ rateLimit: 10_000, burstLimit: 5000 });
  });

  it('refuses a class that is not a whole number of learners', () => {
    expect(() => throttleFor(0)).toThrow(/^learners is 0: use a whole number from 1 to 10000$/);
    expect(() => throttleFor(2.5)).toThrow(RangeError);
  });

  // Synthesizes the whole app (no bundling): tens of seconds on a busy machine.
  it('is what the stage gets with -c kubelab:learners', { timeout: 120_000 }, () => {
    const stacks = addKubelabStacks(testApp({ 'kubelab:learners': '1000' }));
    Template.fromStack(stacks.api).hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 1671, ThrottlingBurstLimit: 5000 } });
  });
});
