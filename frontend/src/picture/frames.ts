/**
 * The live picture's frames: the changes the cluster has scheduled (pods pulling, starting,
 * becoming ready), which a view answer sends ahead (lambdas/core/view-frames.ts) so the page shows
 * each at its moment instead of asking for it. Each frame is what a poll at its moment would
 * answer, given as what changed since the view before it.
 */
import type { ClusterView, ViewFrame } from '../api.ts';

/** The whole views an answer's frames stand for, in order: each what a poll at its `now` would answer. */
export function framesOf(answer: ClusterView): ClusterView[] {
  const { frames = [], ...first } = answer;
  const views: ClusterView[] = [];
  let previous: ClusterView = first;
  for (const { podChanges, ...frame } of frames) {
    const { nextChangeAt: _before, ...kept } = previous;
    const changed = new Map(podChanges?.map((pod) => [`${pod.namespace}/${pod.name}`, pod]));
    const pods = changed.size ? previous.pods.map((pod) => changed.get(`${pod.namespace}/${pod.name}`) ?? pod) : previous.pods;
    previous = { ...kept, activity: [], events: [], pods, ...frame };
    views.push(previous);
  }
  return views;
}
