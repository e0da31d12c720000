/**
 * The workshop cost estimate (bench/cost.ts): its arithmetic against sums done by hand, how it
 * scales with the class, the EKS comparison, and the recorded inputs it reads.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKSHOP, EKS_CLUSTER, estimate, learnerHourUsage, PUSH_CHANNEL, usageLines, type CostInputs, type Line, type Usage, type Workshop } from '../../bench/cost.ts';

/** A Usage with only what a case names. */
function usage(fields: Partial<Omit<Usage, 'invocations' | 'handlerMs'>> & { invocations?: Partial<Usage['invocations']>; handlerMs?: Partial<Usage['handlerMs']> }): Usage {
  return {
    apiRequests: 0,
    rru: 0,
    wru: 0,
    clusterReads: 0,
    clusterWrites: 0,
    cdnRequests: 0,
    cdnBytes: 0,
    ...fields,
    invocations: { courseApi: 0, kubeApi: 0, terminal: 0, pictureSocket: 0, picturePush: 0, ...fields.invocations },
    handlerMs: { courseApi: 0, kubeApi: 0, terminal: 0, pictureSocket: 0, picturePush: 0, ...fields.handlerMs },
  };
}

/**
 * A tiny mix: a kubectl command is 2 Kubernetes API requests of 10 ms, 8 RRU and 10 WRU; a terminal
 * command one 200 ms terminal request, 4 RRU, 10 WRU and 1,000 bytes through CloudFront; the
 * picture polls once a second (60 in 60 s), each 10 ms of the course API, 10 RRU, 2 WRU and 1 KiB;
 * a page load is 10 files, 1 MiB.
 */
const TINY: CostInputs = {
  measured: { at: '2026-12-07T00:00:00.000Z', command: 'by hand', node: 'v20', kubectl: 'v1.32', how: [] },
  ownKubectl: [{ label: 'kubectl get pods', usage: usage({ apiRequests: 2, invocations: { kubeApi: 2 }, handlerMs: { kubeApi: 20 }, rru: 8, wru: 10 }), dynamoCalls: {} }],
  terminal: [
    {
      label: 'kubectl get pods (terminal)',
      usage: usage({ apiRequests: 1, invocations: { terminal: 1 }, handlerMs: { terminal: 200 }, rru: 4, wru: 10, cdnRequests: 1, cdnBytes: 1000 }),
      dynamoCalls: {},
    },
  ],
  instructor: [],
  picture: {
    seconds: 60,
    polls: 60,
    usage: usage({ apiRequests: 60, invocations: { courseApi: 60 }, handlerMs: { courseApi: 600 }, rru: 600, wru: 120, cdnRequests: 60, cdnBytes: 60 * 1024 }),
    dynamoCalls: {},
  },
  pageLoad: { files: [], usage: usage({ cdnRequests: 10, cdnBytes: 2 ** 20 }) },
  clusterItem: { new: { stateBytes: 1, itemBytes: 1 }, largest: { stateBytes: 1, itemBytes: 1 }, afterLab: { stateBytes: 1, itemBytes: 1 } },
};

/** 1 learner, 1 hour, 10 commands (5 with kubectl, 5 in the terminal), the picture all hour polling every 5 s (no push channel), one page load. */
const ONE_HOUR: Workshop = { learners: 1, hours: 1, commandsPerHour: 10, ownKubectlShare: 0.5, pictureShare: 1, pushChannel: false, pageLoadsPerHour: 1, cohortSize: 40 };

const costOf = (lines: readonly Line[], service: Line['service'], item = '') => lines.filter((l) => l.service === service && l.item.startsWith(item)).reduce((sum, l) => sum + l.cost, 0);

describe('the workshop cost estimate', () => {
  it('prices a tiny mix for 1 learner and 1 hour to the dollar amounts worked out by hand', () => {
    const result = estimate(TINY, ONE_HOUR);
    // 5 kubectl commands × 2 + 5 terminal commands × 1 + 3,600 polls = 3,615 requests.
    expect(costOf(result.lines, 'API Gateway')).toBeCloseTo(3615 * 1e-6, 12);
    // Lambda requests: 10 Kubernetes API + 5 terminal + 3,600 course API = 3,615 at $0.20 a million.
    expect(costOf(result.lines, 'Lambda', 'courseApi requests') + costOf(result.lines, 'Lambda', 'kubeApi requests') + costOf(result.lines, 'Lambda', 'terminal requests')).toBeCloseTo(
      3615 * 0.2e-6,
      12,
    );
    // Course API: 3,600 × 10 ms × 1 GB = 36 GB-s (Arm); Kubernetes API: 10 × 10 ms × 1 GB = 0.1 GB-s (Arm);
    // terminal: 5 × 200 ms × 1,769/1,024 GB = 1.727539 GB-s (x86).
    expect(costOf(result.lines, 'Lambda', 'courseApi duration')).toBeCloseTo(36 * 0.0000133334, 12);
    expect(costOf(result.lines, 'Lambda', 'kubeApi duration')).toBeCloseTo(0.1 * 0.0000133334, 12);
    expect(costOf(result.lines, 'Lambda', 'terminal duration')).toBeCloseTo(((5 * 0.2 * 1769) / 1024) * 0.0000166667, 12);
    // Reads: 5 × 8 + 5 × 4 + 3,600 × 10 = 36,060 RRU; writes: 5 × 10 + 5 × 10 + 3,600 × 2 = 7,300 WRU.
    expect(costOf(result.lines, 'DynamoDB', 'read')).toBeCloseTo(36060 * 0.125e-6, 12);
    expect(costOf(result.lines, 'DynamoDB', 'write')).toBeCloseTo(7300 * 0.625e-6, 12);
    // CloudFront: 5 + 3,600 + 10 requests; 5,000 + 3,600 KiB + 1 MiB out.
    expect(costOf(result.lines, 'CloudFront', 'HTTPS')).toBeCloseTo(3615 * 0.01e-4, 12);
    expect(costOf(result.lines, 'CloudFront', 'transfer')).toBeCloseTo(((5000 + 3600 * 1024 + 2 ** 20) / 2 ** 30) * 0.085, 12);
    // Fargate at the caps: one cohort, 10 tasks of 0.25 vCPU and 0.5 GB with an address each, for the hour.
    expect(costOf(result.lines, 'Fargate')).toBeCloseTo(2.5 * 0.04048 + 5 * 0.004445 + 10 * 0.005, 12);
    const simulated = 0.003615 + 0.000723 + 36 * 0.0000133334 + 0.1 * 0.0000133334 + ((5 * 0.2 * 1769) / 1024) * 0.0000166667 + 0.0045075 + 0.0045625 + 0.003615 + ((5000 + 3600 * 1024 + 2 ** 20) / 2 ** 30) * 0.085;
    expect(result.simulated).toBeCloseTo(simulated, 12);
    expect(result.simulatedPerLearnerHour).toBeCloseTo(simulated, 12);
  });

  it('bills each invocation in whole milliseconds of the mean handler time', () => {
    const lines = usageLines(usage({ invocations: { kubeApi: 10 }, handlerMs: { kubeApi: 104 } }));
    // 10.4 ms is billed as 11 ms: 10 × 11 ms × 1 GB.
    expect(costOf(lines, 'Lambda', 'kubeApi duration')).toBeCloseTo(0.11 * 0.0000133334, 12);
    expect(lines.find((l) => l.item.startsWith('kubeApi duration'))?.item).toBe('kubeApi duration (11 ms × 1024 MB arm64)');
  });

  it("counts a learner-hour's polls from the measured rate and the share of the hour the picture is on", () => {
    const halfPicture = learnerHourUsage({ ...TINY, picture: { ...TINY.picture, seconds: 120 } }, { ...ONE_HOUR, commandsPerHour: 0, pageLoadsPerHour: 0, pictureShare: 0.5 });
    // 60 polls in 120 s is 1,800 an hour; on half the hour, 900.
    expect(halfPicture.apiRequests).toBeCloseTo(900, 9);
    expect(halfPicture.rru).toBeCloseTo(9000, 9);
  });

  it('prices the push channel: quiet polls at its 5-minute safety net, a message and a push run per save, pings, connection-minutes, connects', () => {
    // Every command saves the cluster once: 10 saves an hour.
    const saving = (step: CostInputs['ownKubectl'][number]) => ({ ...step, usage: { ...step.usage, clusterWrites: 1 } });
    const inputs: CostInputs = { ...TINY, ownKubectl: TINY.ownKubectl.map(saving), terminal: TINY.terminal.map(saving) };
    const result = estimate(inputs, { ...ONE_HOUR, pushChannel: true });
    const quantity = (item: string) => result.lines.find((l) => l.item === item)!.quantity;
    // The quiet polls: TINY's 3,600 at 5 s become 60 at 5 minutes; with the commands' 15 requests, 75.
    expect(quantity('HTTP API requests')).toBeCloseTo(75, 9);
    // 10 "changed" messages and 12 pings (one every 5 minutes): 22 messages; the socket open 60 minutes.
    expect(PUSH_CHANNEL.pingsPerHour).toBe(12);
    expect(quantity('WebSocket messages')).toBeCloseTo(22, 9);
    expect(costOf(result.lines, 'API Gateway', 'WebSocket messages')).toBeCloseTo(22 * 1e-6, 12);
    expect(costOf(result.lines, 'API Gateway', 'WebSocket connection-minutes')).toBeCloseTo(60 * 0.25e-6, 12);
    // The push function once per save; the socket function at a connect and a disconnect every 2 hours.
    expect(quantity('picturePush requests')).toBeCloseTo(10, 9);
    expect(quantity('pictureSocket requests')).toBeCloseTo(1, 9);
    // The terminal's 5 saves each add a poll (the command's own poll is counted already); TINY has no follow-up polls to price them by.
    // DynamoDB: the quiet polls' 600 RRU, the commands' 60, a Query per push (10) and the connects' 2.
    expect(quantity('read request units')).toBeCloseTo(60 * 10 + 5 * 8 + 5 * 4 + 10 + 0.5 * PUSH_CHANNEL.rruPerConnect, 9);
    // Without the channel, the hand-worked sums above.
    expect(estimate(inputs, ONE_HOUR).lines.find((l) => l.item === 'HTTP API requests')!.quantity).toBeCloseTo(3615, 9);
  });

  it('doubles the variable cost when the learners double', () => {
    const variable = (learners: number) => estimate(TINY, { ...DEFAULT_WORKSHOP, learners });
    const [one, two] = [variable(40), variable(80)];
    expect(two.simulated).toBeCloseTo(2 * one.simulated, 9);
    for (const service of ['API Gateway', 'Lambda', 'DynamoDB', 'CloudFront'] as const) expect(two.byService[service]).toBeCloseTo(2 * one.byService[service], 9);
    // And so does Fargate here: 80 learners are two cohorts of 40, each with its own cap.
    expect(two.byService.Fargate).toBeCloseTo(2 * one.byService.Fargate, 9);
  });

  it('prices EKS as hours × learners × one cluster-hour: the control plane and two t3.medium workers', () => {
    expect(EKS_CLUSTER.hourly).toBeCloseTo(0.1 + 2 * 0.0416, 12);
    for (const [learners, hours] of [
      [40, 3],
      [1000, 3],
      [1, 1],
    ] as const) {
      const result = estimate(TINY, { ...DEFAULT_WORKSHOP, learners, hours });
      expect(result.eks.perClusterHour).toBeCloseTo(0.1832, 12);
      expect(result.eks.total).toBeCloseTo(hours * learners * 0.1832, 9);
    }
  });

  it('reads the recorded measurement: the lab on both paths, the picture, the item sizes', async () => {
    const inputs = JSON.parse(await readFile(new URL('../../bench/cost-inputs.json', import.meta.url), 'utf8')) as CostInputs;
    expect(inputs.measured.command).toBe('npx tsx bench/cost.ts --measure');
    expect(inputs.ownKubectl.length).toBeGreaterThan(10);
    expect(inputs.terminal.map((step) => step.label)).toEqual(inputs.ownKubectl.map((step) => step.label));
    expect(inputs.picture.polls).toBeGreaterThan(0);
    // A strongly consistent read of the whole cluster item costs one RRU per 4 KB of it.
    expect(inputs.clusterItem.largest.itemBytes).toBeGreaterThan(inputs.clusterItem.new.itemBytes);
    const result = estimate(inputs, DEFAULT_WORKSHOP);
    expect(result.simulatedPerLearnerHour).toBeGreaterThan(0);
    expect(result.eks.total).toBeGreaterThan(result.simulated);
  });
});
