/**
 * Arrows from the components that just acted to what they acted on, drawn over the picture for a
 * moment after each poll. Positions come from the laid-out elements (data-kind / data-name), so
 * the arrows follow whatever layout the picture has at that width.
 */
import { useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { CONTROL_PLANE, type Light } from './feed.ts';

/** More arrows than this at once is noise, not a picture. */
const MAX_ARROWS = 5;

// Pods and Services only: the workloads sit below the nodes, and arrows down to them would cross everything.
const TARGET_KIND: Readonly<Record<string, string>> = { Pod: 'pod', Service: 'service', Endpoints: 'service' };

interface Arrow {
  readonly key: string;
  readonly path: string;
  readonly component: string;
}

interface Props {
  readonly stage: RefObject<HTMLDivElement | null>;
  readonly lit: { readonly round: number; readonly lights: readonly Light[] };
  /** Changes when the picture's layout does (widened, kube-system shown): drawn arrows would point at old places. */
  readonly layout: string;
}

export function Arrows({ stage, lit, layout }: Props) {
  const arrows = useSignal<readonly Arrow[]>([]);
  useLayoutEffect(() => {
    arrows.value = [];
  }, [layout]);
  useLayoutEffect(() => {
    const root = stage.current;
    if (!root) return;
    const box = root.getBoundingClientRect();
    const drawn: Arrow[] = [];
    for (const light of lit.lights) {
      if (drawn.length >= MAX_ARROWS || !light.target) continue;
      const kind = TARGET_KIND[light.target.kind];
      if (!kind) continue;
      const scope = CONTROL_PLANE.includes(light.component) ? '.plane' : `[data-kind="node"][data-name="${CSS.escape(light.node ?? '')}"]`;
      const from = root.querySelector(`${scope} [data-kind="component"][data-name="${light.component}"]`);
      const namespace = light.target.namespace && kind !== 'node' ? `[data-namespace="${CSS.escape(light.target.namespace)}"]` : '';
      const to = root.querySelector(`[data-kind="${kind}"][data-name="${CSS.escape(light.target.name)}"]${namespace}`);
      if (!from || !to) continue;
      const a = from.getBoundingClientRect();
      const b = to.getBoundingClientRect();
      const start = { x: a.left + a.width / 2 - box.left, y: a.top + a.height / 2 - box.top };
      const end = { x: b.left + b.width / 2 - box.left, y: b.top + b.height / 2 - box.top };
      const dx = end.x - start.x;
      const dy = end.y - start.y;
      const length = Math.hypot(dx, dy);
      if (length < 24) continue;
      // Stop short of the target's centre, so the head lands on its edge rather than its text.
      const stop = Math.min(b.height / 2 + 4, length / 3);
      const tip = { x: end.x - (dx / length) * stop, y: end.y - (dy / length) * stop };
      // A gentle bend keeps arrows that start together from lying on each other.
      const bend = Math.min(40, length / 5);
      const control = { x: (start.x + tip.x) / 2 - (dy / length) * bend, y: (start.y + tip.y) / 2 + (dx / length) * bend };
      drawn.push({ key: `${light.component}>${kind}/${light.target.name}`, path: `M${start.x},${start.y} Q${control.x},${control.y} ${tip.x},${tip.y}`, component: light.component });
    }
    arrows.value = drawn;
  }, [lit.round]);
  if (!arrows.value.length) return null;
  return (
    <svg class="arrows" key={lit.round} aria-hidden="true">
      <defs>
        <marker id="arrow-head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
        </marker>
      </defs>
      {arrows.value.map((arrow) => (
        <path key={arrow.key} class={`arrow c-${arrow.component}`} d={arrow.path} marker-end="url(#arrow-head)" />
      ))}
    </svg>
  );
}
