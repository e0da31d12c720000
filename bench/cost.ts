/**
 * What a workshop costs on AWS (issue "Production on AWS", point 10), beside one EKS cluster per
 * learner, the seed's way. The estimate runs in a second from measured inputs; measuring them
 * again runs the workshop's lab with the real kubectl against a local Kubelab wired as on AWS.
 *
 *   npm run cost -- --learners 40 --hours 3
 *   npm run cost -- --learners 1000 --hours 3 --commands-per-hour 60 --own-kubectl-share 0
 *   npx tsx bench/cost.ts --measure         # regenerates bench/cost-inputs.json (about 2.5 minutes)
 *
 * The inputs (bench/cost-inputs.json) are what a learner's actions cost the backend, counted, not
 * guessed: per kubectl command of the lab (the README's walkthrough and test/kubectl/lab.test.ts,
 * run by /usr/bin/kubectl and again through the web terminal), the HTTP requests each function
 * received, their handler time, and every DynamoDB call with the capacity units it consumed; per
 * poll of the live picture, the same; the cluster item's size; the page's files. Only the pace
 * (commands per learner-hour) and how the hour is spent are assumptions, each a parameter.
 * docs/BENCHMARKS.md ("What a workshop costs on AWS") records the results and what they point to.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CONTAINER_POLICY } from '#services/containers/policy.ts';
import { FARGATE_PRICES, PUBLIC_IPV4_HOUR, hourlyCost } from '#services/containers/pricing.ts';
import { PING_MS } from '../frontend/src/picture/changes.ts';
import { QUIET_POLL_MS, nextPollDelay } from '../frontend/src/picture/pace.ts';

/** When the prices below were looked up. */
const CHECKED = '2026-12-07';

/** A price and where it comes from (us-east-1, on demand, without free tiers). */
export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
  /** What was confirmed, and how; "not verified" says so plainly. */
  readonly verified: string;
}

/** Every price the estimate uses, with its source page and what could be confirmed of it on CHECKED. */
export const PRICES = {
  wsMessage: {
    usd: 1.0 / 1e6,
    per: 'WebSocket API message, either way, in 32 KB units (first 1 billion a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    verified: `${CHECKED}: not read on the AWS page; "$1.00 per million messages (first 1B)" in a May 2025 summary of it (awsforengineers.com) and a cost estimator's notes (c3x.dev)`,
  },
  wsConnectionMinute: {
    usd: 0.25 / 1e6,
    per: 'WebSocket API connection-minute',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    verified: `${CHECKED}: not read on the AWS page; "$0.25 per million connection-minutes" in a cost estimator's notes (c3x.dev) and the June 2026 "API Gateway WebSocket cost" guide's two meters (awsnegotiations.com)`,
  },
  apiRequest: {
    usd: 1.0 / 1e6,
    per: 'HTTP API request (first 300 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    verified: `${CHECKED}: the AWS page's HTTP API section read (free tier only in the excerpt); the $1.00 per million rate from summaries of it dated 2025 and 2026 (awsforengineers.com, go-cloud.io, apigatewaycost.com)`,
  },
  lambdaRequest: {
    usd: 0.2 / 1e6,
    per: 'Lambda request',
    source: 'https://aws.amazon.com/lambda/pricing/',
    verified: `${CHECKED}: "$0.20 per 1 million requests" in AWS's "How AWS Pricing Works" (Lambda) and 2026 summaries`,
  },
  lambdaGbSecondArm: {
    usd: 0.0000133334,
    per: 'GB-second, Arm (first 7.5 billion a month)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    verified: `${CHECKED}: from 2024 and 2026 summaries of the AWS page (cloudchipr.com, a 2026 Lambda cost note); the AWS page's own table not read`,
  },
  lambdaGbSecondX86: {
    usd: 0.0000166667,
    per: 'GB-second, x86 (first 6 billion a month)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    verified: `${CHECKED}: "$0.00001667 for every GB-second" in AWS's "How AWS Pricing Works" (Lambda); the exact figure from the same summaries`,
  },
  dynamoRru: {
    usd: 0.125 / 1e6,
    per: 'read request unit, on demand (4 KB strongly consistent)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    verified: `${CHECKED}: $0.125 per million after the 50% cut of 1 November 2024, in 2025 summaries (airbyte.com, jusdb.com) and AWS's on-demand post (updated 31 January 2025, "reduced on-demand pricing"); the AWS table not read`,
  },
  dynamoWru: {
    usd: 0.625 / 1e6,
    per: 'write request unit, on demand (1 KB)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    verified: `${CHECKED}: as the read unit: $0.625 per million after the November 2024 cut`,
  },
  cdnRequest: {
    usd: 0.01 / 1e4,
    per: 'CloudFront HTTPS request, United States',
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    verified: `${CHECKED}: not verified: the AWS page's excerpt shows transfer prices and the free tier, not the request table; $0.0100 per 10,000 HTTPS requests is the long-standing US rate`,
  },
  cdnGb: {
    usd: 0.085,
    per: 'CloudFront GB out to the internet, United States (first 10 TB)',
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    verified: `${CHECKED}: read on the AWS page ("First 10TB $0.085", United States, Mexico and Canada)`,
  },
  eksControlPlaneHour: {
    usd: 0.1,
    per: 'EKS cluster-hour, standard support',
    source: 'https://aws.amazon.com/eks/pricing/',
    verified: `${CHECKED}: "$0.10 per cluster per hour" in AWS's extended-support pricing post; $73 a month in March 2026 summaries (cloudburn.io)`,
  },
  ec2WorkerHour: {
    usd: 0.0416,
    per: 't3.medium instance-hour, Linux, on demand',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/',
    verified: `${CHECKED}: "a t3.medium at $0.0416/hr" in an April 2026 calculator citing the AWS page; the AWS table not read`,
  },
  fargateVcpuHourX86: {
    usd: FARGATE_PRICES.X86_64.vcpuHour,
    per: 'Fargate vCPU-hour, Linux x86_64',
    source: 'lambdas/services/containers/pricing.ts (https://aws.amazon.com/fargate/pricing/)',
    verified: `${CHECKED}: the repository's figure (docs/REAL-CONTAINERS.md), not looked up again`,
  },
  fargateGbHourX86: {
    usd: FARGATE_PRICES.X86_64.gbHour,
    per: 'Fargate GB-hour, Linux x86_64',
    source: 'lambdas/services/containers/pricing.ts (https://aws.amazon.com/fargate/pricing/)',
    verified: `${CHECKED}: the repository's figure, not looked up again`,
  },
  publicIpv4Hour: {
    usd: PUBLIC_IPV4_HOUR,
    per: 'public IPv4 address-hour (each real task holds one)',
    source: 'lambdas/services/containers/pricing.ts (https://aws.amazon.com/vpc/pricing/)',
    verified: `${CHECKED}: the repository's figure, not looked up again`,
  },
} as const satisfies Record<string, Price>;

export type Prices = { readonly [K in keyof typeof PRICES]: Price };

/** The functions a learner's requests reach, as lib/api-stack.ts deploys them, and the live picture's push channel's two (lib/constructs/picture-channel.ts). */
export type FunctionName = 'courseApi' | 'kubeApi' | 'terminal' | 'pictureSocket' | 'picturePush';

/**
 * Memory and architecture of each function: lib/constructs/kubelab-function.ts's defaults (1,024 MB,
 * ARM64) and lib/api-stack.ts's terminal (TERMINAL_MEMORY_MB, x86_64 for AWS's kubectl layer).
 */
export const FUNCTIONS: Readonly<Record<FunctionName, { readonly memoryMb: number; readonly architecture: 'arm64' | 'x86_64' }>> = {
  courseApi: { memoryMb: 1024, architecture: 'arm64' },
  kubeApi: { memoryMb: 1024, architecture: 'arm64' },
  terminal: { memoryMb: 1769, architecture: 'x86_64' },
  pictureSocket: { memoryMb: 1024, architecture: 'arm64' },
  picturePush: { memoryMb: 1024, architecture: 'arm64' },
};

/**
 * The push channel's own costs, assumed rather than measured (`--measure` runs the lab as the page
 * polled before the channel; the counts below follow from the code, the times are guesses of the
 * size of the course API's 17 ms per request):
 * - a ping from the page every PING_MS (frontend/src/picture/changes.ts), a message API Gateway
 *   answers with its mock integration, no function;
 * - a connect and a disconnect every 2 hours, API Gateway's limit (a reload or a lost network adds
 *   more); each a socket-function invocation: $connect reads the token, the cohort and the
 *   learner's sockets (3 RRU) and writes the socket's two items (2 WRU), $disconnect reads the
 *   lookup (1 RRU) and deletes both (2 WRU); the upgrade is one CloudFront request;
 * - the push function once for every stable save (the stream runs it whether a page listens or
 *   not; reading the stream is free for Lambda triggers): one Query of the cluster's sockets
 *   (1 RRU) and one PostToConnection, a message, per socket listening.
 */
export const PUSH_CHANNEL = {
  pingsPerHour: 3_600_000 / PING_MS,
  connectsPerHour: 0.5,
  socketHandlerMs: 40,
  pushHandlerMs: 20,
  rruPerConnect: 4,
  wruPerConnect: 4,
  rruPerPush: 1,
} as const;

/** The EKS cluster a learner would create in the seed's lab: a control plane and two worker nodes. */
export const EKS_CLUSTER = {
  workers: 2,
  instanceType: 't3.medium',
  /** USD per cluster-hour. */
  hourly: PRICES.eksControlPlaneHour.usd + 2 * PRICES.ec2WorkerHour.usd,
} as const;

/** The issue's target for a class's measured mix, USD per learner-hour. */
export const TARGET_PER_LEARNER_HOUR = 0.002;

/** What some stretch of use costs the backend, in the units AWS bills. */
export interface Usage {
  /** API Gateway HTTP API requests. */
  readonly apiRequests: number;
  readonly invocations: Readonly<Record<FunctionName, number>>;
  /** Handler time as measured here, summed, in ms. */
  readonly handlerMs: Readonly<Record<FunctionName, number>>;
  /** DynamoDB read and write request units, as DynamoDB counts them for these items. */
  readonly rru: number;
  readonly wru: number;
  /** Of the DynamoDB calls, those on the cluster item (informational). */
  readonly clusterReads: number;
  readonly clusterWrites: number;
  /** CloudFront requests and bytes sent to the browser (the page's files, and the API answers it forwards). */
  readonly cdnRequests: number;
  readonly cdnBytes: number;
  /** WebSocket API messages (both ways) and connection-minutes: the live picture's push channel. */
  readonly wsMessages?: number;
  readonly wsConnectionMinutes?: number;
}

/** One measured step: a command or a page action, what it cost, and the DynamoDB calls behind it. */
export interface MeasuredStep {
  readonly label: string;
  readonly usage: Usage;
  /** DynamoDB calls by operation and item, e.g. `GetItem cluster (projection)` (a version-only read). */
  readonly dynamoCalls: Readonly<Record<string, number>>;
}

/** What `--measure` writes: the measured inputs and how they were measured. */
export interface CostInputs {
  readonly measured: {
    readonly at: string;
    readonly command: string;
    readonly node: string;
    readonly kubectl: string;
    readonly how: readonly string[];
  };
  /** The lab with the learner's own kubectl: every request to the Kubernetes API function. */
  readonly ownKubectl: readonly MeasuredStep[];
  /** The same lab through the page's terminal: one request per command, kubectl's own on loopback inside the function. */
  readonly terminal: readonly MeasuredStep[];
  /** The instructor's actions in the lab (a node failed and recovered): recorded, not a learner's. */
  readonly instructor: readonly MeasuredStep[];
  /**
   * The live picture: polls of GET /v1/me/cluster/view at the page's pace (frontend/src/picture/pace.ts)
   * over `seconds` on a cluster nothing is happening in; and `followUp`, the polls the page sends
   * after the learner's commands, at once and then when each answer says the next change is due,
   * over `commands` commands of both labs (absent in inputs measured before the pace followed them).
   */
  readonly picture: {
    readonly seconds: number;
    readonly polls: number;
    readonly usage: Usage;
    readonly dynamoCalls: Readonly<Record<string, number>>;
    readonly followUp?: { readonly commands: number; readonly polls: number; readonly usage: Usage; readonly dynamoCalls: Readonly<Record<string, number>> };
  };
  /** One load of the signed-in page (the files CloudFront serves, compressed). */
  readonly pageLoad: { readonly files: readonly string[]; readonly usage: Usage };
  /** The cluster item, encoded as the store does: its compressed snapshot and its size as DynamoDB counts it. */
  readonly clusterItem: Readonly<Record<'new' | 'largest' | 'afterLab', { readonly stateBytes: number; readonly itemBytes: number; readonly deltaBytes?: number }>>;
}

/** The workshop to price and how its hours are spent. */
export interface Workshop {
  readonly learners: number;
  readonly hours: number;
  /** kubectl commands a learner runs in an hour. */
  readonly commandsPerHour: number;
  /** Of them, the share run with the learner's own kubectl; the rest go through the page's terminal. */
  readonly ownKubectlShare: number;
  /** Share of the hour the page's live picture is on screen, polling. */
  readonly pictureShare: number;
  /** Whether the live picture's push channel is open (deployed, and not refused by the network): then its quiet polls are a 60 s safety net. */
  readonly pushChannel: boolean;
  /** Full loads of the page per learner-hour. */
  readonly pageLoadsPerHour: number;
  /** Learners per cohort: real containers are capped per cohort. */
  readonly cohortSize: number;
}

/**
 * The defaults and why:
 * - 120 commands an hour: one every 30 s, all hour long. The course pack's nine exercises name 43
 *   kubectl commands in all, about 14 an hour over a 3-hour workshop; learners repeat `get pods`,
 *   mistype and explore, so 120 is an upper bound for a hands-on hour, not a typical one.
 * - half the commands with the learner's own kubectl, half in the page's terminal: PRODUCT.md has
 *   the page's terminal first and a downloaded kubeconfig as the option the README walks through.
 * - the live picture on screen the whole hour: it polls whenever the page is visible and laid out,
 *   with its push channel open.
 * - one full page load an hour; cohorts of 40 (the README's example cohort).
 */
export const DEFAULT_WORKSHOP: Workshop = {
  learners: 40,
  hours: 3,
  commandsPerHour: 120,
  ownKubectlShare: 0.5,
  pictureShare: 1,
  pushChannel: true,
  pageLoadsPerHour: 1,
  cohortSize: 40,
};

const NONE: Usage = {
  apiRequests: 0,
  invocations: { courseApi: 0, kubeApi: 0, terminal: 0, pictureSocket: 0, picturePush: 0 },
  handlerMs: { courseApi: 0, kubeApi: 0, terminal: 0, pictureSocket: 0, picturePush: 0 },
  rru: 0,
  wru: 0,
  clusterReads: 0,
  clusterWrites: 0,
  cdnRequests: 0,
  cdnBytes: 0,
};

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

function byFunction(f: (fn: FunctionName) => number): Record<FunctionName, number> {
  return { courseApi: f('courseApi'), kubeApi: f('kubeApi'), terminal: f('terminal'), pictureSocket: f('pictureSocket'), picturePush: f('picturePush') };
}

/** a + k·b, field by field (inputs recorded before a field existed have none of it). */
export function addUsage(a: Usage, b: Usage, k = 1): Usage {
  return {
    apiRequests: a.apiRequests + k * b.apiRequests,
    invocations: byFunction((fn) => (a.invocations[fn] ?? 0) + k * (b.invocations[fn] ?? 0)),
    handlerMs: byFunction((fn) => (a.handlerMs[fn] ?? 0) + k * (b.handlerMs[fn] ?? 0)),
    rru: a.rru + k * b.rru,
    wru: a.wru + k * b.wru,
    clusterReads: a.clusterReads + k * b.clusterReads,
    clusterWrites: a.clusterWrites + k * b.clusterWrites,
    cdnRequests: a.cdnRequests + k * b.cdnRequests,
    cdnBytes: a.cdnBytes + k * b.cdnBytes,
    wsMessages: (a.wsMessages ?? 0) + k * (b.wsMessages ?? 0),
    wsConnectionMinutes: (a.wsConnectionMinutes ?? 0) + k * (b.wsConnectionMinutes ?? 0),
  };
}

/** The mean usage of the steps: what one command costs on that path. */
export function perStep(steps: readonly MeasuredStep[]): Usage {
  if (steps.length === 0) return NONE;
  return steps.reduce((sum, step) => addUsage(sum, step.usage, 1 / steps.length), NONE);
}

/** What one learner-hour uses: the commands on each path, the live picture's polls, the page's loads. */
export function learnerHourUsage(inputs: CostInputs, workshop: Workshop): Usage {
  const own = workshop.commandsPerHour * workshop.ownKubectlShare;
  const viaTerminal = workshop.commandsPerHour * (1 - workshop.ownKubectlShare);
  let usage = addUsage(NONE, perStep(inputs.ownKubectl), own);
  usage = addUsage(usage, perStep(inputs.terminal), viaTerminal);
  usage = addUsage(usage, pictureUsage(inputs, workshop).usage);
  return addUsage(usage, inputs.pageLoad.usage, workshop.pageLoadsPerHour);
}

/**
 * The live picture's part of a learner-hour: its quiet polls while on screen, the polls that follow
 * each command (at once, then when the cluster said a change is due), and with the push channel
 * open, the channel itself (pushChannelUsage). The quiet polls were measured at the 5 s pace; with
 * the channel open they are the same polls at the page's own slower pace (nextPollDelay, the
 * function the page runs), which the answer's nextChangeAt does not shorten: nothing is due then.
 */
export function pictureUsage(inputs: CostInputs, workshop: Workshop): { readonly usage: Usage; readonly polls: number } {
  const nothingDue = { now: new Date(0).toISOString() };
  const slower = workshop.pushChannel ? nextPollDelay(nothingDue) / nextPollDelay(nothingDue, { pushOpen: true }) : 1;
  const quietPolls = (inputs.picture.polls / inputs.picture.seconds) * 3600 * workshop.pictureShare * slower;
  let usage = addUsage(NONE, inputs.picture.usage, inputs.picture.polls === 0 ? 0 : quietPolls / inputs.picture.polls);
  let polls = quietPolls;
  const followUp = inputs.picture.followUp;
  if (followUp && followUp.commands > 0) {
    const k = (workshop.commandsPerHour * workshop.pictureShare) / followUp.commands;
    usage = addUsage(usage, followUp.usage, k);
    polls += followUp.polls * k;
  }
  if (workshop.pushChannel) {
    const push = pushChannelUsage(inputs, workshop);
    usage = addUsage(usage, push.usage);
    polls += push.polls;
  }
  return { usage, polls };
}

/**
 * The push channel's part of a learner-hour (PUSH_CHANNEL's assumptions on the measured saves a
 * command): the socket open while the picture is on screen, its pings, its connects, a message and
 * a push-function run per stable save. The polls the messages send are already in the follow-up
 * polls, whose first is the poll "at once" after every command: with the channel open the page
 * sends it when a save's message comes (a command that stored nothing sends none, so this
 * over-counts), not when the command answers, and asks nothing for a version it has already read
 * (frontend/src/picture/use-live-view.ts).
 */
export function pushChannelUsage(inputs: CostInputs, workshop: Workshop): { readonly usage: Usage; readonly polls: number } {
  const own = workshop.commandsPerHour * workshop.ownKubectlShare;
  const viaTerminal = workshop.commandsPerHour * (1 - workshop.ownKubectlShare);
  const terminalSaves = viaTerminal * perStep(inputs.terminal).clusterWrites;
  const saves = own * perStep(inputs.ownKubectl).clusterWrites + terminalSaves;
  const connects = PUSH_CHANNEL.connectsPerHour * workshop.pictureShare;
  const usage: Usage = {
    ...NONE,
    invocations: { ...NONE.invocations, pictureSocket: 2 * connects, picturePush: saves },
    handlerMs: { ...NONE.handlerMs, pictureSocket: 2 * connects * PUSH_CHANNEL.socketHandlerMs, picturePush: saves * PUSH_CHANNEL.pushHandlerMs },
    rru: connects * PUSH_CHANNEL.rruPerConnect + saves * PUSH_CHANNEL.rruPerPush,
    wru: connects * PUSH_CHANNEL.wruPerConnect,
    cdnRequests: connects,
    wsMessages: (saves + PUSH_CHANNEL.pingsPerHour) * workshop.pictureShare,
    wsConnectionMinutes: 60 * workshop.pictureShare,
  };
  return { usage, polls: 0 };
}

/** One billed line: a quantity of a unit at a price. */
export interface Line {
  readonly service: 'API Gateway' | 'Lambda' | 'DynamoDB' | 'CloudFront' | 'Fargate';
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly cost: number;
}

/** The bill of a workshop, and EKS beside it. */
export interface Estimate {
  readonly workshop: Workshop;
  readonly learnerHours: number;
  readonly lines: readonly Line[];
  readonly byService: Readonly<Record<Line['service'], number>>;
  readonly total: number;
  /** Every line but Fargate's: what the simulated clusters cost, which the target is for. */
  readonly simulated: number;
  readonly perLearnerHour: number;
  readonly simulatedPerLearnerHour: number;
  readonly eks: { readonly perClusterHour: number; readonly total: number };
}

function line(service: Line['service'], item: string, quantity: number, unit: string, unitPrice: number): Line {
  return { service, item, quantity, unit, unitPrice, cost: quantity * unitPrice };
}

/** What `usage` costs on API Gateway, Lambda, DynamoDB and CloudFront at `prices`. */
export function usageLines(usage: Usage, prices: Prices = PRICES): Line[] {
  const lambda = FUNCTION_NAMES.flatMap((fn) => {
    const invocations = usage.invocations[fn];
    if (invocations === 0) return [];
    const { memoryMb, architecture } = FUNCTIONS[fn];
    // Billed per invocation in whole ms: the mean handler time as measured here (docs/BENCHMARKS.md
    // says why it is not scaled to the function's share of a vCPU).
    const billedMs = Math.ceil(usage.handlerMs[fn] / invocations);
    const gbSeconds = (invocations * billedMs * memoryMb) / 1000 / 1024;
    const gbPrice = architecture === 'arm64' ? prices.lambdaGbSecondArm : prices.lambdaGbSecondX86;
    return [
      line('Lambda', `${fn} requests`, invocations, 'requests', prices.lambdaRequest.usd),
      line('Lambda', `${fn} duration (${billedMs} ms × ${memoryMb} MB ${architecture})`, gbSeconds, 'GB-s', gbPrice.usd),
    ];
  });
  const ws = (usage.wsMessages ?? 0) > 0 || (usage.wsConnectionMinutes ?? 0) > 0;
  return [
    line('API Gateway', 'HTTP API requests', usage.apiRequests, 'requests', prices.apiRequest.usd),
    ...(ws
      ? [
          line('API Gateway', 'WebSocket messages', usage.wsMessages ?? 0, 'messages', prices.wsMessage.usd),
          line('API Gateway', 'WebSocket connection-minutes', usage.wsConnectionMinutes ?? 0, 'minutes', prices.wsConnectionMinute.usd),
        ]
      : []),
    ...lambda,
    line('DynamoDB', 'read request units', usage.rru, 'RRU', prices.dynamoRru.usd),
    line('DynamoDB', 'write request units', usage.wru, 'WRU', prices.dynamoWru.usd),
    line('CloudFront', 'HTTPS requests', usage.cdnRequests, 'requests', prices.cdnRequest.usd),
    line('CloudFront', 'transfer out', usage.cdnBytes / 2 ** 30, 'GB', prices.cdnGb.usd),
  ];
}

const sumCost = (lines: readonly Line[]) => lines.reduce((sum, l) => sum + l.cost, 0);

/** The workshop's bill from the measured inputs at `prices`. */
export function estimate(inputs: CostInputs, workshop: Workshop, prices: Prices = PRICES): Estimate {
  const learnerHours = workshop.learners * workshop.hours;
  const usage = addUsage(NONE, learnerHourUsage(inputs, workshop), learnerHours);
  const cohorts = Math.ceil(workshop.learners / workshop.cohortSize);
  const policy = DEFAULT_CONTAINER_POLICY;
  const taskHours = cohorts * policy.maxRunning * workshop.hours;
  const lines: Line[] = [
    ...usageLines(usage, prices),
    // At the caps: every cohort runs its maxRunning largest tasks the whole workshop, the most it can spend.
    line('Fargate', `vCPU (${cohorts} cohort(s) × ${policy.maxRunning} tasks × ${workshop.hours} h)`, (taskHours * policy.maxCpu) / 1024, 'vCPU-h', prices.fargateVcpuHourX86.usd),
    line('Fargate', 'memory', (taskHours * policy.maxMemoryMiB) / 1024, 'GB-h', prices.fargateGbHourX86.usd),
    line('Fargate', 'public IPv4 addresses', taskHours, 'address-h', prices.publicIpv4Hour.usd),
  ];
  const byService = { 'API Gateway': 0, Lambda: 0, DynamoDB: 0, CloudFront: 0, Fargate: 0 };
  for (const l of lines) byService[l.service] += l.cost;
  const total = sumCost(lines);
  const simulated = total - byService.Fargate;
  const perClusterHour = prices.eksControlPlaneHour.usd + EKS_CLUSTER.workers * prices.ec2WorkerHour.usd;
  return {
    workshop,
    learnerHours,
    lines,
    byService,
    total,
    simulated,
    perLearnerHour: total / learnerHours,
    simulatedPerLearnerHour: simulated / learnerHours,
    eks: { perClusterHour, total: learnerHours * perClusterHour },
  };
}

/** What each activity of a learner-hour costs alone, by service: the commands on each path, the live picture, the page's loads. */
export function activityCosts(inputs: CostInputs, workshop: Workshop, prices: Prices = PRICES): { readonly activity: string; readonly lines: readonly Line[]; readonly cost: number }[] {
  const only = (changes: Partial<Workshop>) => learnerHourUsage(inputs, { ...workshop, commandsPerHour: 0, pictureShare: 0, pageLoadsPerHour: 0, ...changes });
  // The push function runs for every save, picture or not: counted with the picture, not the commands.
  const commandsOnly = (changes: Partial<Workshop>) => only({ ...changes, pushChannel: false });
  const own = Math.round(workshop.commandsPerHour * workshop.ownKubectlShare);
  const picture = pictureUsage(inputs, workshop);
  const activities = [
    { activity: `${own} commands with the learner's own kubectl`, usage: commandsOnly({ commandsPerHour: workshop.commandsPerHour, ownKubectlShare: 1 }), share: workshop.ownKubectlShare },
    { activity: `${workshop.commandsPerHour - own} commands in the page's terminal`, usage: commandsOnly({ commandsPerHour: workshop.commandsPerHour, ownKubectlShare: 0 }), share: 1 - workshop.ownKubectlShare },
    { activity: `live picture, ${Math.round(picture.polls)} polls${workshop.pushChannel ? ' and its push channel' : ''}`, usage: picture.usage, share: 1 },
    { activity: `${workshop.pageLoadsPerHour} page load(s)`, usage: only({ pageLoadsPerHour: workshop.pageLoadsPerHour }), share: 1 },
  ];
  return activities.map(({ activity, usage, share }) => {
    const lines = usageLines(addUsage(NONE, usage, share), prices);
    return { activity, lines, cost: sumCost(lines) };
  });
}

const usd = (n: number) => (n === 0 ? '$0' : n >= 100 ? `$${n.toFixed(0)}` : n >= 1 ? `$${n.toFixed(2)}` : `$${Number(n.toPrecision(3))}`);
/** A unit price: per million below a tenth of a cent. */
const unitPrice = (n: number) => (n < 0.001 ? `$${Number((n * 1e6).toPrecision(6))} per million` : `$${n}`);
const count = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3));

/** The bill as Markdown tables, per service, then the totals, the target and EKS. */
export function formatEstimate(result: Estimate): string {
  const w = result.workshop;
  const out = [
    `${w.learners} learners × ${w.hours} h = ${result.learnerHours} learner-hours; ${w.commandsPerHour} commands per learner-hour (${Math.round(w.ownKubectlShare * 100)}% own kubectl, the rest in the page's terminal), live picture on ${Math.round(w.pictureShare * 100)}% of the hour (${w.pushChannel ? 'push channel open' : 'no push channel: polling every 5 s'}), ${w.pageLoadsPerHour} page load(s) an hour, cohorts of ${w.cohortSize}`,
    '',
    '| service | what | units | unit price | total |',
    '|---|---|---:|---:|---:|',
    ...result.lines.map((l) => `| ${l.service} | ${l.item} | ${count(l.quantity)} ${l.unit} | ${unitPrice(l.unitPrice)} | ${usd(l.cost)} |`),
    '',
    '| service | total | per learner-hour | share of the simulated clusters\' cost |',
    '|---|---:|---:|---:|',
    ...(Object.entries(result.byService) as [Line['service'], number][]).map(
      ([service, cost]) =>
        `| ${service} | ${usd(cost)} | ${usd(cost / result.learnerHours)} | ${service === 'Fargate' ? '(real containers, at the caps)' : `${((cost / result.simulated) * 100).toFixed(0)}%`} |`,
    ),
    `| **simulated clusters** | **${usd(result.simulated)}** | **${usd(result.simulatedPerLearnerHour)}** | target ${usd(TARGET_PER_LEARNER_HOUR)}: ${result.simulatedPerLearnerHour <= TARGET_PER_LEARNER_HOUR ? 'met' : `missed, ${(result.simulatedPerLearnerHour / TARGET_PER_LEARNER_HOUR).toFixed(1)}×`} |`,
    `| with real containers at the caps | ${usd(result.total)} | ${usd(result.perLearnerHour)} | |`,
    `| **EKS, one cluster per learner** (control plane + ${EKS_CLUSTER.workers} × ${EKS_CLUSTER.instanceType}) | **${usd(result.eks.total)}** | **${usd(result.eks.perClusterHour)}** | ${(result.eks.total / result.simulated).toFixed(0)}× the simulated clusters |`,
  ];
  const top = result.lines.filter((l) => l.service !== 'Fargate').sort((a, b) => b.cost - a.cost)[0];
  if (top) {
    out.push('', `Largest line: ${top.service} ${top.item}, ${usd(top.cost)} (${((top.cost / result.simulated) * 100).toFixed(0)}% of the simulated clusters' cost, ${usd(top.cost / result.learnerHours)} per learner-hour).`);
  }
  return out.join('\n');
}

/** Per learner-hour, what each activity costs alone, by service. */
export function formatActivities(activities: ReturnType<typeof activityCosts>): string {
  const all = activities.reduce((sum, a) => sum + a.cost, 0);
  const largest = [...activities].sort((a, b) => b.cost - a.cost)[0];
  const of = (lines: readonly Line[], service: Line['service'], item?: string) => sumCost(lines.filter((l) => l.service === service && (!item || l.item.startsWith(item))));
  return [
    '| a learner-hour of | API Gateway | Lambda | DynamoDB reads | DynamoDB writes | CloudFront | total |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...activities.map(
      ({ activity, lines, cost }) =>
        `| ${activity} | ${usd(of(lines, 'API Gateway'))} | ${usd(of(lines, 'Lambda'))} | ${usd(of(lines, 'DynamoDB', 'read'))} | ${usd(of(lines, 'DynamoDB', 'write'))} | ${usd(of(lines, 'CloudFront'))} | ${usd(cost)} |`,
    ),
    '',
    largest ? `Largest activity: ${largest.activity}, ${usd(largest.cost)} per learner-hour, ${((largest.cost / all) * 100).toFixed(0)}% of the hour's cost; alone ${(largest.cost / TARGET_PER_LEARNER_HOUR).toFixed(1)}× the target.` : '',
  ].join('\n');
}

/** The prices with their sources, as a Markdown table. */
export function formatPrices(prices: Prices = PRICES): string {
  return [
    '| price | USD | per | source | verified |',
    '|---|---:|---|---|---|',
    ...Object.entries(prices).map(([name, p]) => `| ${name} | ${unitPrice(p.usd)} | ${p.per} | ${p.source} | ${p.verified} |`),
  ].join('\n');
}

/** A summary of the measured inputs, per command and per poll. */
export function formatInputs(inputs: CostInputs): string {
  const row = (label: string, u: Usage) =>
    `| ${label} | ${count(u.apiRequests)} | ${FUNCTION_NAMES.filter((fn) => u.invocations[fn] > 0)
      .map((fn) => `${fn} ${(u.handlerMs[fn] / u.invocations[fn]).toFixed(1)} ms`)
      .join(', ')} | ${count(u.clusterReads)} / ${count(u.clusterWrites)} | ${count(u.rru)} | ${count(u.wru)} | ${count(u.cdnRequests)} / ${(u.cdnBytes / 1024).toFixed(1)} KB |`;
  const pollsPerMinute = (inputs.picture.polls / inputs.picture.seconds) * 60;
  return [
    `Measured ${inputs.measured.at} with \`${inputs.measured.command}\` (node ${inputs.measured.node}, kubectl ${inputs.measured.kubectl}).`,
    '',
    '| per | API requests | functions (mean handler time) | cluster item reads / writes | RRU | WRU | CloudFront requests / out |',
    '|---|---:|---|---:|---:|---:|---:|',
    row(`command, own kubectl (mean of ${inputs.ownKubectl.length})`, perStep(inputs.ownKubectl)),
    row(`command, page's terminal (mean of ${inputs.terminal.length})`, perStep(inputs.terminal)),
    row(`live-picture poll, nothing due (${pollsPerMinute.toFixed(1)} a minute)`, addUsage(NONE, inputs.picture.usage, 1 / Math.max(1, inputs.picture.polls))),
    ...(inputs.picture.followUp
      ? [row(`live-picture polls after a command (${(inputs.picture.followUp.polls / Math.max(1, inputs.picture.followUp.commands)).toFixed(2)} a command)`, addUsage(NONE, inputs.picture.followUp.usage, 1 / Math.max(1, inputs.picture.followUp.commands)))]
      : []),
    row('page load', inputs.pageLoad.usage),
    '',
    `Cluster (whole snapshot compressed / its base item as DynamoDB sizes it / its DELTA item): ${(['new', 'largest', 'afterLab'] as const).map((at) => `${{ new: 'new', largest: 'largest in the lab', afterLab: 'after the lab' }[at]} ${inputs.clusterItem[at].stateBytes} / ${inputs.clusterItem[at].itemBytes} / ${inputs.clusterItem[at].deltaBytes ?? '-'} B`).join(', ')}.`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// --measure: the lab against a local Kubelab wired as on AWS, with every request and DynamoDB call counted.
// ---------------------------------------------------------------------------------------------

const INPUTS_FILE = fileURLToPath(new URL('./cost-inputs.json', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../test/kubectl/fixtures/lab.yaml', import.meta.url));
const KUBECTL = '/usr/bin/kubectl';
/** Simulated time between a learner's commands: more than a lease period (10 s), so every command finds catch-up to store. */
const PACE_GAP_MS = 30_000;

/** A step of the lab: a kubectl command, a page action, the instructor's fault, time passing, or the live picture. */
type LabStep =
  | { readonly kubectl: readonly string[]; readonly fails?: true }
  | { readonly check: string }
  | { readonly fault: { readonly type: 'failNode' | 'recoverNode'; readonly node: string } }
  | { readonly wait: number }
  | { readonly picture: true };

/** test/kubectl/lab.test.ts's lab and the README's walkthrough, in order. */
const LAB: readonly LabStep[] = [
  { kubectl: ['get', 'nodes'] },
  { kubectl: ['version', '-o', 'json'] },
  { kubectl: ['apply', '-f', 'lab.yaml'] },
  { kubectl: ['get', 'all'] },
  { wait: 60_000 },
  { kubectl: ['get', 'all'] },
  { kubectl: ['get', 'service', 'kubelab-lab', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}'] },
  { check: 'deploy-app' },
  { kubectl: ['apply', '-f', 'lab.yaml'] },
  { kubectl: ['scale', 'deployment', 'kubelab-lab', '--replicas=3'] },
  { wait: 60_000 },
  { kubectl: ['get', 'deployment', 'kubelab-lab'] },
  { kubectl: ['rollout', 'status', 'deployment/kubelab-lab', '--timeout=10s'] },
  { kubectl: ['get', 'pods', '-o', 'wide'] },
  { fault: { type: 'failNode', node: 'worker-1' } },
  { wait: 60_000 },
  { kubectl: ['get', 'nodes'] },
  { wait: 6 * 60_000 },
  { kubectl: ['get', 'pods', '-l', 'app=kubelab-lab', '-o', 'wide'] },
  { kubectl: ['get', 'events', '--field-selector', 'involvedObject.kind=Node'] },
  { fault: { type: 'recoverNode', node: 'worker-1' } },
  { kubectl: ['get', 'node', 'worker-1'] },
  { kubectl: ['describe', 'node', 'worker-1'] },
  { kubectl: ['scale', 'deployment', 'kubelab-lab', '--replicas=5'] },
  { wait: 60_000 },
  { kubectl: ['get', 'pods', '-l', 'app=kubelab-lab', '-o', 'wide'] },
  { picture: true },
  { kubectl: ['delete', '-f', 'lab.yaml'] },
  { kubectl: ['get', 'deployment', 'kubelab-lab'], fails: true },
  { wait: 60_000 },
  { kubectl: ['get', 'services'] },
];

/** Counts what a step costs as requests and DynamoDB calls come in. */
class Meter {
  private usage: Usage = NONE;
  private calls: Record<string, number> = {};
  add(delta: Partial<Omit<Usage, 'invocations' | 'handlerMs'>> & { fn?: FunctionName; ms?: number }): void {
    const { fn, ms, ...rest } = delta;
    this.usage = addUsage(this.usage, {
      ...NONE,
      ...rest,
      invocations: byFunction((f) => (f === fn ? 1 : 0)),
      handlerMs: byFunction((f) => (f === fn ? (ms ?? 0) : 0)),
    });
  }
  call(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }
  step(label: string): MeasuredStep {
    return { label, usage: this.usage, dynamoCalls: { ...this.calls } };
  }
}

/**
 * What an item is, from its key: `cluster` (its DELTA item: the version and the edit, written by
 * every save), `base` (a whole snapshot in one of its two slots), `version`, `workspace`, `token`,
 * `cohort`, `learner`, `grade`...
 */
function itemKind(key: Record<string, { S?: string }>): string {
  const [pk = '', sk = ''] = [key['pk']?.S, key['sk']?.S];
  if (pk.startsWith('CLUSTER#')) return sk === 'DELTA' ? 'cluster' : sk.startsWith('STATE') ? 'base' : sk.toLowerCase();
  if (pk.startsWith('COHORT#')) return (sk.split('#')[0] ?? '').toLowerCase();
  return (pk.split('#')[0] ?? '').toLowerCase();
}

/** The size of an item as DynamoDB counts it: attribute names and values (strings in UTF-8, binary raw, numbers about a byte per two digits). */
function itemSize(item: Record<string, Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name);
    if (typeof value['S'] === 'string') size += Buffer.byteLength(value['S']);
    else if (typeof value['N'] === 'string') size += Math.ceil(value['N'].replace(/[^0-9]/g, '').replace(/^0+/, '').length / 2) + 1;
    else if (value['B'] !== undefined) size += (value['B'] as Uint8Array).byteLength;
  }
  return size;
}

async function measure(pictureSeconds: number): Promise<CostInputs> {
  const { createServer, request } = await import('node:http');
  const { spawn } = await import('node:child_process');
  const { mkdtemp, mkdir, readdir, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { gzipSync } = await import('node:zlib');
  const { quote } = await import('shell-quote');
  const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
  const { benchEnvironment, BENCH_ADMIN } = await import('./local-kubelab.ts');
  const { ENV, STREAMED_WATCH_MS, loadConfig } = await import('#handlers/env.ts');

  const work = await mkdtemp(join(tmpdir(), 'kubelab-cost-'));
  const { dynamo, tls } = await benchEnvironment();
  let meter = new Meter();

  // DynamoDB behind a meter: each call asks for its consumed capacity, which dynalite computes as
  // DynamoDB does from the whole stored item (a projection reads the whole item all the same).
  const metered = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchGetItem', 'BatchWriteItem', 'Scan']);
  const upstream = new URL(dynamo.endpoint);
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let body = Buffer.concat(chunks);
      const parsed = metered.has(op) ? (JSON.parse(body.toString('utf8')) as Record<string, any>) : undefined;
      if (parsed) body = Buffer.from(JSON.stringify({ ...parsed, ReturnConsumedCapacity: 'TOTAL' }));
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) } },
        (answer) => {
          const out: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => out.push(chunk));
          answer.on('end', () => {
            const bytes = Buffer.concat(out);
            if (parsed && (answer.statusCode ?? 500) < 300) {
              const consumed = (JSON.parse(bytes.toString('utf8')) as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
              const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
              const kind = op === 'Query' ? 'query' : itemKind((parsed['Key'] ?? parsed['Item'] ?? {}) as Record<string, { S?: string }>);
              const read = ['GetItem', 'Query', 'BatchGetItem', 'Scan'].includes(op);
              meter.call(`${op} ${kind}${parsed['ProjectionExpression'] ? ' (projection)' : ''}`);
              meter.add({
                ...(read ? { rru: units } : { wru: units }),
                ...(kind === 'cluster' ? (read ? { clusterReads: 1 } : { clusterWrites: 1 }) : {}),
              });
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(bytes);
          });
        },
      );
      forward.on('error', (error) => res.destroy(error));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyAddress = proxy.address() as { port: number };
  process.env[ENV.dynamoEndpoint] = `http://127.0.0.1:${proxyAddress.port}`;
  process.env[ENV.kubectl] = KUBECTL;
  process.env[ENV.terminalDir] = join(work, 'terminal');
  // As on AWS: no sole writer, so every request asks the table for the cluster's version, and a
  // read that brought the cluster forward stores it before answering.
  delete process.env[ENV.soleWriter];

  const { compose } = await import('#handlers/compose.ts');
  const { composeKube, composeTerminal } = await import('#handlers/compose-kube.ts');
  const { createApiHandler } = await import('#handlers/router.ts');
  const { createKubeHandler } = await import('#handlers/kube-handler.ts');
  const { createTerminal } = await import('#handlers/terminal.ts');
  const { routerHandler } = await import('#handlers/router-handler.ts');
  const { terminalRoutes } = await import('#adapters/http/terminal-route.ts');
  const { bufferStreamedBody } = await import('#adapters/http/routes.ts');
  const { kubernetesRoutes, startLocalServer, terminalFunctionRoutes } = await import('#adapters/local/local-server.ts');
  const { DynamoClusterStore, encodeSnapshot } = await import('#adapters/dynamo/cluster-store.ts');
  const { createDocumentClient } = await import('#adapters/dynamo/client.ts');
  const { buildSite } = await import('../frontend/build.ts');

  const config = loadConfig(process.env);
  let offset = 0;
  const clock = () => Date.now() + offset;
  // Three functions, each composed on its own as on AWS (one warm instance each): no working copy is shared between them.
  const terminalServices = composeTerminal(config, clock);
  const terminal = createTerminal(terminalServices, config);
  if (!terminal) throw new Error(`the terminal needs ${KUBECTL}`);
  const terminalRouter = routerHandler(terminalRoutes(terminalServices.auth, terminal.service));
  type Handler = (event: any, context: any) => Promise<any>;
  const timed = (fn: FunctionName, handler: Handler): Handler => async (event, context) => {
    const started = performance.now();
    const result = await handler(event, context);
    const ms = performance.now() - started;
    const body = typeof result?.body === 'string' ? Buffer.byteLength(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : 0;
    const headers = Object.entries(result?.headers ?? {}).reduce((sum, [k, v]) => sum + k.length + String(v).length + 4, 20);
    // The page's requests (course API and terminal) come through CloudFront (lib/site-stack.ts) to API Gateway.
    meter.add({ fn, ms, apiRequests: 1, cdnRequests: 1, cdnBytes: body + headers });
    return result;
  };
  /**
   * A function behind a function URL with response streaming: billed from the request until the
   * stream it answers ends (a watch, until kubectl has what it waited for and closes it), and no
   * API Gateway request. Counted in the meter of the step that sent it.
   */
  const timedStream = (fn: FunctionName, handler: Handler): Handler => async (event, context) => {
    const started = performance.now();
    const stepMeter = meter;
    const result = await handler(event, context);
    const done = () => stepMeter.add({ fn, ms: performance.now() - started, apiRequests: 0 });
    if (result?.body instanceof Readable) result.body.once('close', done);
    else done();
    return result;
  };
  const server = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    handler: timed('courseApi', createApiHandler(compose(config, clock))),
    routes: [
      // As deployed: learners' kubeconfigs name the streaming function URL (handlers/kube-stream.ts),
      // which no API Gateway stands in front of and which Lambda bills until its answer's stream ends.
      ...kubernetesRoutes(timedStream('kubeApi', createKubeHandler(composeKube(config, clock), { streaming: true, streamedWatchMs: STREAMED_WATCH_MS }))),
      ...terminalFunctionRoutes(timed('terminal', async (event, context) => bufferStreamedBody(await terminalRouter(event, context)))),
    ],
    tls: { key: tls.keyPem, cert: tls.certPem },
    frontendDir: work,
    logger: { info: () => {}, error: (message, details) => console.error(message, details) },
  });

  const call = async (method: string, path: string, token: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  };
  const kubectl = (args: readonly string[], env: Record<string, string>) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(KUBECTL, args, { cwd: work, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  const rawClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const store = new DynamoClusterStore(createDocumentClient({ tableName: dynamo.tableName, endpoint: dynamo.endpoint }), { tableName: dynamo.tableName, maxClusterBytes: config.maxClusterBytes });
  const clusterItem = async (clusterId: string) => {
    const get = async (sk: string) => (await rawClient.send(new GetItemCommand({ TableName: dynamo.tableName, Key: { pk: { S: `CLUSTER#${clusterId}` }, sk: { S: sk } }, ConsistentRead: true }))).Item;
    const delta = await get('DELTA');
    const base = await get(delta?.['slot']?.N === '1' ? 'STATE#1' : 'STATE');
    const loaded = await store.load(clusterId);
    if (!delta || !base || !loaded) throw new Error(`cluster ${clusterId} is not stored`);
    // The whole snapshot encoded as a compaction stores it (the base slot holds it as of its last
    // compaction), the base item as DynamoDB sizes it, and the DELTA item (the edit since).
    return {
      stateBytes: (await encodeSnapshot(loaded.snapshot)).bytes.byteLength,
      itemBytes: itemSize(base as unknown as Record<string, Record<string, unknown>>),
      deltaBytes: itemSize(delta as unknown as Record<string, Record<string, unknown>>),
    };
  };

  const manifest = await readFile(MANIFEST, 'utf8');
  await writeFile(join(work, 'lab.yaml'), manifest);
  const version = JSON.parse((await kubectl(['version', '--client', '-o', 'json'], {})).stdout) as { clientVersion: { gitVersion: string } };
  const cohort = await call('POST', '/v1/admin/cohorts', BENCH_ADMIN, { name: 'cost' });
  const instructor: MeasuredStep[] = [];
  let picture: CostInputs['picture'] | undefined;
  const sizes = { new: { stateBytes: 0, itemBytes: 0, deltaBytes: 0 }, largest: { stateBytes: 0, itemBytes: 0, deltaBytes: 0 }, afterLab: { stateBytes: 0, itemBytes: 0, deltaBytes: 0 } };

  /**
   * The page's picture after a command (pace.ts): a poll at once, then one whenever the answer
   * (its last frame, when it sends the scheduled changes ahead as frames) says the next change is
   * due sooner than the quiet pace; the cluster's clock is moved to that moment instead of waiting
   * for it. Metered apart, as followUp.
   */
  let followUp = { commands: 0, polls: 0, usage: NONE, dynamoCalls: {} as Record<string, number> };
  const followWithPicture = async (token: string) => {
    meter = new Meter();
    let polls = 0;
    for (let delay = 0; delay < QUIET_POLL_MS && polls < 50; polls++) {
      offset += delay;
      delay = nextPollDelay(await call('GET', '/v1/me/cluster/view', token));
    }
    const { usage, dynamoCalls } = meter.step('picture after a command');
    const calls = { ...followUp.dynamoCalls };
    for (const [name, n] of Object.entries(dynamoCalls)) calls[name] = (calls[name] ?? 0) + n;
    followUp = { commands: followUp.commands + 1, polls: followUp.polls + polls, usage: addUsage(followUp.usage, usage), dynamoCalls: calls };
    meter = new Meter();
  };

  /** Runs the lab as one learner, each command by `run`, and returns what each step cost. */
  const runLab = async (name: string, run: (args: readonly string[], learner: { token: string; home: string; kubeconfig: string }) => Promise<{ code: number; stderr: string }>) => {
    meter = new Meter(); // enrolment is set-up, not the lab
    const learner = await call('POST', `/v1/admin/cohorts/${cohort.id}/learners`, BENCH_ADMIN, { name });
    const home = join(work, name);
    await mkdir(home, { recursive: true });
    const kubeconfig = join(home, 'kubeconfig');
    await writeFile(kubeconfig, await call('GET', '/v1/me/kubeconfig', learner.token));
    if (sizes.new.itemBytes === 0) sizes.new = await clusterItem(learner.clusterId);
    const steps: MeasuredStep[] = [];
    for (const step of LAB) {
      if ('wait' in step) {
        offset += step.wait;
        continue;
      }
      offset += PACE_GAP_MS;
      meter = new Meter();
      if ('kubectl' in step) {
        const result = await run(step.kubectl, { ...learner, home, kubeconfig });
        if ((result.code === 0) === Boolean(step.fails)) throw new Error(`kubectl ${step.kubectl.join(' ')} ended with ${result.code}: ${result.stderr}`);
        steps.push(meter.step(`kubectl ${step.kubectl.join(' ')}`));
        await followWithPicture(learner.token);
      } else if ('check' in step) {
        await call('POST', `/v1/me/exercises/${step.check}/check`, learner.token);
        steps.push(meter.step(`check my work (${step.check})`));
      } else if ('fault' in step) {
        await call('POST', `/v1/admin/cohorts/${cohort.id}/learners/${learner.id}/faults`, BENCH_ADMIN, step.fault);
        instructor.push(meter.step(`instructor: ${step.fault.type} ${step.fault.node}`));
      } else if (!picture) {
        // The live picture at the page's pace (pace.ts) on a cluster where nothing is due: waited for in real time.
        sizes.largest = await clusterItem(learner.clusterId);
        let since: string | undefined;
        let polls = 0;
        const end = Date.now() + pictureSeconds * 1000;
        const started = Date.now();
        while (Date.now() < end) {
          const view = await call('GET', `/v1/me/cluster/view${since ? `?since=${encodeURIComponent(since)}` : ''}`, learner.token);
          since = view.now;
          polls++;
          await new Promise((resolve) => setTimeout(resolve, nextPollDelay(view)));
        }
        const { usage, dynamoCalls } = meter.step('picture');
        picture = { seconds: (Date.now() - started) / 1000, polls, usage, dynamoCalls };
        const after = await clusterItem(learner.clusterId);
        if (after.itemBytes > sizes.largest.itemBytes) sizes.largest = after;
      }
    }
    sizes.afterLab = await clusterItem(learner.clusterId);
    return steps;
  };

  const started = Date.now();
  const ownKubectl = await runLab('own-kubectl', (args, learner) => kubectl(args, { HOME: learner.home, KUBECONFIG: learner.kubeconfig }));
  const terminalSteps = await runLab('terminal', async (args, learner) => {
    const line = quote(['kubectl', ...args]);
    const answer = await fetch(`${server.url}/v1/me/terminal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${learner.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ line, ...(args.includes('lab.yaml') ? { files: { 'lab.yaml': manifest } } : {}) }),
    });
    const body = (await answer.json()) as { exitCode?: number; stderr?: string; detail?: string };
    return { code: answer.ok ? (body.exitCode ?? 1) : 1, stderr: body.stderr ?? body.detail ?? '' };
  });
  console.error(`the lab ran twice in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  // One load of the signed-in page: the build as CloudFront serves it, compressed, without the
  // editor's chunk (loaded only when the editor opens), the instructor's dashboard (only /admin loads it), source maps (only developer tools ask) and api.html.
  const site = join(work, 'site');
  await buildSite(site);
  const assets = (await readdir(join(site, 'assets'))).filter((file) => !/^(code-editor|AdminApp)-/.test(file) && !file.endsWith('.map')).map((file) => `assets/${file}`);
  const files = ['index.html', 'config.json', 'styles.css', 'favicon.svg', ...assets];
  let pageBytes = 0;
  for (const file of files) pageBytes += gzipSync(await readFile(join(site, file)).catch(() => Buffer.from('{"apiUrl":""}')), { level: 9 }).length;

  await terminal.close();
  await server.close();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  rawClient.destroy();
  await dynamo.stop();
  await rm(work, { recursive: true, force: true });
  if (!picture) throw new Error('the lab has no live-picture step');

  return {
    measured: {
      at: new Date().toISOString(),
      command: 'npx tsx bench/cost.ts --measure',
      node: process.version,
      kubectl: version.clientVersion.gitVersion,
      how: [
        `The lab of test/kubectl/lab.test.ts and the README (${ownKubectl.length} learner steps: kubectl commands and one "check my work"), run twice against a local Kubelab: with ${KUBECTL} and a downloaded kubeconfig, then as lines sent to POST /v1/me/terminal.`,
        'Wired as on AWS: the course API, the Kubernetes API and the terminal each composed on their own (one warm instance each, nothing shared), no sole writer (every request reads the cluster version from the table; a read that brought the cluster forward stores it before answering), the Kubernetes API as its streaming function URL (no API Gateway request; billed until the stream of its answer ends).',
        `The cluster's clock moves ${PACE_GAP_MS / 1000} s before each step (a learner's pace slower than a lease period), and as the lab test does where it waits for pulls, a node's grace period and eviction.`,
        'HTTP requests and handler time counted by wrapping each function\'s handler; every DynamoDB call counted by a proxy in front of the embedded DynamoDB (dynalite), which adds ReturnConsumedCapacity: TOTAL: dynalite computes the units from the whole stored item, as DynamoDB does (strongly consistent reads: 4 KB a unit; writes: 1 KB a unit of the larger of the old and new item).',
        `The live picture at the page's pace (frontend/src/picture/pace.ts, nextPollDelay): GET /v1/me/cluster/view?since=<previous now> for ${pictureSeconds} s of real time on the lab's largest cluster (5 replicas running, nothing due: every ${QUIET_POLL_MS / 1000} s); and after every learner command of both labs, the polls the page sends: one at once, then one whenever the nextChangeAt of the answer (of its last frame, the scheduled changes it sends ahead) is sooner than the quiet pace, the cluster's clock moved to that moment.`,
        'The page load: frontend/build.ts into a temporary directory; index.html, config.json, styles.css, favicon.svg and the assets but the editor\'s chunk and source maps, gzipped at level 9.',
        'Item sizes: the cluster item read back, its snapshot encoded again as cluster-store.ts does (brotli quality 1), and the item sized as DynamoDB does (attribute names and values).',
      ],
    },
    ownKubectl,
    terminal: terminalSteps,
    instructor,
    picture: { ...picture, followUp },
    pageLoad: { files, usage: { ...NONE, cdnRequests: files.length, cdnBytes: pageBytes } },
    clusterItem: sizes,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      measure: { type: 'boolean', default: false },
      'picture-seconds': { type: 'string', default: '120' },
      inputs: { type: 'string', default: INPUTS_FILE },
      learners: { type: 'string', default: String(DEFAULT_WORKSHOP.learners) },
      hours: { type: 'string', default: String(DEFAULT_WORKSHOP.hours) },
      'commands-per-hour': { type: 'string', default: String(DEFAULT_WORKSHOP.commandsPerHour) },
      'own-kubectl-share': { type: 'string', default: String(DEFAULT_WORKSHOP.ownKubectlShare) },
      'picture-share': { type: 'string', default: String(DEFAULT_WORKSHOP.pictureShare) },
      'push-channel': { type: 'string', default: DEFAULT_WORKSHOP.pushChannel ? '1' : '0' },
      'page-loads-per-hour': { type: 'string', default: String(DEFAULT_WORKSHOP.pageLoadsPerHour) },
      'cohort-size': { type: 'string', default: String(DEFAULT_WORKSHOP.cohortSize) },
      prices: { type: 'boolean', default: false },
    },
  });
  if (values.measure) {
    const inputs = await measure(Number(values['picture-seconds']));
    await writeFile(values.inputs, `${JSON.stringify(inputs, null, 2)}\n`);
    console.log(`${formatInputs(inputs)}\n\nwritten to ${values.inputs}`);
    process.exit(0);
  }
  const number = (name: keyof typeof values, min: number, max = Infinity): number => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} is ${JSON.stringify(values[name])}: use a number from ${min}${max === Infinity ? '' : ` to ${max}`}`);
    return value;
  };
  const workshop: Workshop = {
    learners: number('learners', 1),
    hours: number('hours', 0.01),
    commandsPerHour: number('commands-per-hour', 0),
    ownKubectlShare: number('own-kubectl-share', 0, 1),
    pictureShare: number('picture-share', 0, 1),
    pushChannel: number('push-channel', 0, 1) === 1,
    pageLoadsPerHour: number('page-loads-per-hour', 0),
    cohortSize: number('cohort-size', 1),
  };
  const inputs = JSON.parse(await readFile(values.inputs, 'utf8')) as CostInputs;
  console.log(`${formatInputs(inputs)}\n\n${formatEstimate(estimate(inputs, workshop))}\n\n${formatActivities(activityCosts(inputs, workshop))}`);
  if (values.prices) console.log(`\n${formatPrices()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
