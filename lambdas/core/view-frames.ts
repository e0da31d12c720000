/**
 * The live picture's scheduled changes, sent ahead. A simulated cluster changes by itself only at
 * its timers (an image pulled, a container started, a probe passed), and what it looks like then
 * is known now: unless a request writes meanwhile (which the push channel announces), a poll at
 * that moment answers exactly what a copy of the cluster looked at that moment shows. So the view
 * carries those views as frames and the page plays them at their moments instead of asking.
 *
 * The copy is a fork: the looked-at cluster, its random source and what it stores stay as they
 * were. Each frame is viewOf the copy at the timer's moment with `since` the view before it, as the
 * page's poll then would ask; a list equal to the previous view's is left out, and so are empty
 * activity and events. Most frames change a pod or two of the twenty-odd (a container started):
 * while the pods are the same ones in the same order, a frame carries only the pods that changed.
 */
import type { Cluster } from './cluster.ts';
import { viewOf, type ClusterView } from './view.ts';

/** How far ahead, in the cluster's time, the scheduled changes are sent. */
export const FRAMES_AHEAD_MS = 30_000;
/**
 * At most this many frames in one answer; the page asks again after the last. Enough for the
 * workshop app's two pods of four containers to pull and start (ten timers, 8 s): 2.3 KB of brotli
 * where the answer without frames is 1.4 KB, and one poll where each four frames fewer would add one.
 */
export const MAX_FRAMES = 12;

/** The parts of a view that are not the cluster's state (its lists): a frame always says these its own way. */
const OWN = new Set(['now', 'resourceVersion', 'activity', 'events', 'nextChangeAt', 'pods']);

type PodView = ClusterView['pods'][number];

/**
 * One scheduled change: the view at `now` (the timer's moment), its lists that did not change since
 * the view before it left out, its activity and events only what is newer than that view, and
 * `nextChangeAt` absent when nothing more is scheduled.
 */
export type ViewFrame = Pick<ClusterView, 'now' | 'resourceVersion' | 'nextChangeAt'> &
  Partial<Omit<ClusterView, 'now' | 'resourceVersion' | 'nextChangeAt'>> & {
    /** The pods that changed, each in the place of the one of its namespace and name, when no pod came or went. */
    readonly podChanges?: readonly PodView[];
  };

/** The frames of what `cluster`, whose view is `view`, will look like at its timers due within FRAMES_AHEAD_MS. */
export function framesAhead(cluster: Cluster, view: ClusterView): ViewFrame[] {
  const until = cluster.now + FRAMES_AHEAD_MS;
  const due = () => {
    const at = (copy ?? cluster).timers.peek()?.at;
    return at !== undefined && at <= until ? at : undefined;
  };
  let copy: Cluster | undefined;
  const frames: ViewFrame[] = [];
  let previous = view;
  for (let at = due(); at !== undefined && frames.length < MAX_FRAMES; at = due()) {
    copy ??= cluster.fork();
    // A poll at that moment: Cluster.lookAt at the wall-clock time the cluster's clock then reads.
    copy.lookAt(Math.max(at, copy.now) - copy.clockOffset);
    const next = viewOf(copy, Date.parse(previous.now));
    frames.push(frameOf(previous, next));
    previous = next;
  }
  return frames;
}

function frameOf(previous: ClusterView, next: ClusterView): ViewFrame {
  const frame: Record<string, unknown> = { now: next.now, resourceVersion: next.resourceVersion };
  for (const [key, value] of Object.entries(next)) {
    if (!OWN.has(key) && JSON.stringify(value) !== JSON.stringify(previous[key as keyof ClusterView])) frame[key] = value;
  }
  const podKey = (pod: PodView) => `${pod.namespace}/${pod.name}`;
  if (next.pods.map(podKey).join() !== previous.pods.map(podKey).join()) frame['pods'] = next.pods;
  else {
    const changed = next.pods.filter((pod, i) => JSON.stringify(pod) !== JSON.stringify(previous.pods[i]));
    if (changed.length) frame['podChanges'] = changed;
  }
  if (next.activity.length) frame['activity'] = next.activity;
  if (next.events.length) frame['events'] = next.events;
  if (next.nextChangeAt !== undefined) frame['nextChangeAt'] = next.nextChangeAt;
  return frame as ViewFrame;
}
