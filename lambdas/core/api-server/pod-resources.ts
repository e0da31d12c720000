/**
 * What a pod asks for in all, as v1.32's PodRequests and PodLimits add it up (without overhead):
 * its app containers and sidecars together, or an init container (with the sidecars started
 * before it) when that is more. The LimitRanger's Pod limits and the quota's pod usage read it.
 */
import { type Quantity, quantityOf, sumQuantities } from './quantity.ts';
import type { WireContainer } from './wire.ts';

const ZERO: Quantity = { nanos: 0n, format: 'DecimalSI', text: '0' };

function add(total: Map<string, Quantity>, name: string, value: Quantity): void {
  const had = total.get(name);
  total.set(name, had ? sumQuantities([had, value]) : value);
}

/** The pod's requests or limits by resource name. */
export function podResourceTotals(containers: readonly WireContainer[], init: readonly WireContainer[], field: 'requests' | 'limits'): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  const sidecars = new Map<string, Quantity>();
  const initMax = new Map<string, Quantity>();
  const each = (c: WireContainer) => Object.entries(c.resources?.[field] ?? {}).map(([name, v]) => [name, quantityOf(v) ?? ZERO] as const);
  for (const c of containers) for (const [name, q] of each(c)) add(total, name, q);
  for (const c of init) {
    for (const [name, q] of each(c)) {
      if (c.restartPolicy === 'Always') {
        add(total, name, q);
        add(sidecars, name, q);
        continue;
      }
      const withSidecars = sidecars.has(name) ? sumQuantities([q, sidecars.get(name)!]) : q;
      if (withSidecars.nanos > (initMax.get(name)?.nanos ?? -1n)) initMax.set(name, withSidecars);
    }
  }
  for (const [name, q] of initMax) if (q.nanos > (total.get(name)?.nanos ?? -1n)) total.set(name, q);
  return total;
}
