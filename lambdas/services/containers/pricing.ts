/**
 * What a real task costs: AWS Fargate's on-demand Linux prices in us-east-1 (per vCPU-hour and
 * GB-hour, billed by the second with a one-minute minimum) and the public IPv4 address each task
 * holds while it runs. docs/REAL-CONTAINERS.md sets out the sums; other regions differ by a few
 * per cent.
 */

/** USD per hour of one vCPU and of one GB of memory, by architecture. */
export const FARGATE_PRICES = {
  ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
  X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
} as const;

/** USD per hour of a public IPv4 address. */
export const PUBLIC_IPV4_HOUR = 0.005;

export type Architecture = keyof typeof FARGATE_PRICES;

/** USD an hour for a task of `cpu` units and `memoryMiB`, its public address included. */
export function hourlyCost(cpu: number, memoryMiB: number, architecture: Architecture): number {
  const price = FARGATE_PRICES[architecture];
  return (cpu / 1024) * price.vcpuHour + (memoryMiB / 1024) * price.gbHour + PUBLIC_IPV4_HOUR;
}

/** USD a task has cost after running `ms` (a one-minute minimum, as Fargate bills). */
export function costSoFar(cpu: number, memoryMiB: number, architecture: Architecture, ms: number): number {
  const hours = Math.max(ms, 60_000) / 3_600_000;
  return hourlyCost(cpu, memoryMiB, architecture) * hours;
}
