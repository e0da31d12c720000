/**
 * The live picture's data: GET /v1/me/cluster/view while the tab is visible, each poll asking only
 * for what happened since the previous answer's `now`, at the pace of picture/pace.ts. The changes
 * the cluster has scheduled soon come ahead with an answer as frames (picture/frames.ts), shown at
 * their moments without asking; it asks when the last frame says the next is due, at once when the
 * push channel (picture/changes.ts) says the cluster changed to a version the picture was not read
 * at, at once when a command from the page answers while that channel is closed, and otherwise
 * every 5 minutes while that channel is open, every 5 s while it is not. Keeps the feed, the components
 * lit by the latest writes, and pods just removed (drawn fading out for a moment).
 */
import { useSignal, type Signal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ClusterView, CourseApi, ViewPod } from '../api.ts';
import { lastCommandAt } from '../activity.ts';
import { problemText } from '../problem-text.ts';
import { activityEntry, eventEntry, lightsOf, podChanges, type FeedEntry, type Light } from './feed.ts';
import { keepChannelOpen } from './changes.ts';
import { framesOf } from './frames.ts';
import { frameDelays, nextPollDelay, QUIET_POLL_MS } from './pace.ts';

const FEED_MAX = 80;
const SEEN_MAX = 2000;
/** As long as the fade-out in picture.css. */
const LEAVING_MS = 700;

export interface LiveView {
  readonly view: Signal<ClusterView | undefined>;
  readonly error: Signal<string | undefined>;
  /** Newest first. */
  readonly feed: Signal<readonly FeedEntry[]>;
  /** What acted in the latest poll; `round` changes with every poll that had writes. */
  readonly lit: Signal<{ readonly round: number; readonly lights: readonly Light[] }>;
  readonly leaving: Signal<readonly ViewPod[]>;
}

/**
 * `shown` is the picture's element: while it is not laid out (a hidden tab of the page's), nothing
 * is asked. An `api` that can open the push channel (a learner's) is told of changes; one that
 * cannot (the instructor's view of a learner) polls at the quiet pace.
 */
export function useLiveView(api: Pick<CourseApi, 'clusterView'> & Partial<Pick<CourseApi, 'openChanges'>>, shown: RefObject<HTMLElement | null>): LiveView {
  const view = useSignal<ClusterView | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const feed = useSignal<readonly FeedEntry[]>([]);
  const lit = useSignal<{ round: number; lights: readonly Light[] }>({ round: 0, lights: [] });
  const leaving = useSignal<readonly ViewPod[]>([]);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** When the timer fires (epoch ms), so a closing channel can bring it forward. */
    let timerAt = 0;
    let inFlight = false;
    /** Whether the push channel is open: then the quiet pace is a slow safety net. */
    let pushOpen = false;
    /** A command came while a poll was in flight: ask again as soon as it answers. */
    let again = false;
    /** The timers showing the latest answer's frames not yet shown. */
    let frameTimers: ReturnType<typeof setTimeout>[] = [];
    /** What a write may have changed is no longer what the frames show: they are dropped. */
    const dropFrames = () => {
      frameTimers.forEach(clearTimeout);
      frameTimers = [];
    };
    const seen = new Set<string>();
    /**
     * The `since` of the next poll: the latest answer's `now`, not a frame's. A frame shown after a
     * write it did not know of (the page learns of a write only when its command answers or its save
     * is pushed) is later than the write, whose activity the next answer must still carry; what the
     * frames showed comes again and is known by its key.
     */
    let since: string | undefined;
    const take = (next: ClusterView) => {
      const before = view.value;
      const sameMs = new Map<string, number>();
      const entries = [
        ...next.events.map(eventEntry),
        ...next.activity.flatMap((a) => {
          const index = sameMs.get(a.at) ?? 0;
          sameMs.set(a.at, index + 1);
          return activityEntry(a, index) ?? [];
        }),
        ...(before ? podChanges(before.pods, next.pods, next.now, new Set(next.nodes.filter((n) => n.ready).map((n) => n.name)), new Set(next.nodes.filter((n) => n.status.includes('SchedulingDisabled')).map((n) => n.name))) : []),
      ].filter((entry) => !seen.has(entry.key));
      entries.forEach((entry) => seen.add(entry.key));
      // Only the latest answers' keys can come back (each carries the last second's events and what
      // was simulated since the last write), so the oldest are forgotten.
      for (const key of seen) {
        if (seen.size <= SEEN_MAX) break;
        seen.delete(key);
      }
      if (entries.length) {
        // The answer lists oldest first; reversed before the (stable) sort, writes of one moment read newest first too.
        const ordered = [...entries].reverse().sort((a, b) => b.at.localeCompare(a.at));
        feed.value = [...ordered, ...feed.value].slice(0, FEED_MAX);
      }
      // The first answer is history: it fills the feed but lights nothing.
      if (before) {
        const lights = lightsOf(next);
        if (lights.length) lit.value = { round: lit.value.round + 1, lights };
        const present = new Set(next.pods.map((p) => `${p.namespace}/${p.name}`));
        const gone = before.pods.filter((p) => !present.has(`${p.namespace}/${p.name}`));
        if (gone.length) {
          leaving.value = [...leaving.value, ...gone];
          setTimeout(() => (leaving.value = leaving.value.filter((p) => !gone.includes(p))), LEAVING_MS);
        }
      }
      view.value = next;
    };
    const schedule = (delay: number) => {
      clearTimeout(timer);
      timerAt = Date.now() + delay;
      timer = setTimeout(poll, delay);
    };
    const poll = async () => {
      clearTimeout(timer);
      // A hidden tab asks nothing: visibilitychange starts the polls again.
      if (stopped || inFlight || document.visibilityState === 'hidden') return;
      if (shown.current && shown.current.getClientRects().length === 0) {
        // Not drawn (another of the page's tabs): nothing is asked until it is.
        schedule(1000);
        return;
      }
      inFlight = true;
      let delay = QUIET_POLL_MS;
      try {
        const next = await api.clusterView(since);
        if (stopped) return;
        dropFrames();
        take(next);
        since = next.now;
        const views = framesOf(next);
        frameTimers = frameDelays(next).map((after, i) => setTimeout(() => take(views[i]!), after));
        delay = nextPollDelay(next, { pushOpen });
        error.value = undefined;
      } catch (caught) {
        if (stopped) return;
        error.value = problemText(caught);
      } finally {
        inFlight = false;
      }
      if (!stopped) schedule(again ? 0 : delay);
      again = false;
    };
    /** Asks now, or, with a poll in flight, as soon as it answers: one in flight and one queued, however many ask. */
    const pollSoon = () => {
      dropFrames();
      if (inFlight) again = true;
      else void poll();
    };
    // Back on the tab, the picture catches up at once instead of at the next tick.
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      void poll();
    };
    document.addEventListener('visibilitychange', onVisible);
    // A command from the page answered: ask now, not at the quiet pace (or, with a poll in flight, as soon
    // as it answers). With the push channel open, what the command stored is pushed like any change
    // (before or after its answer comes), and what it did not store did not change the picture.
    let answeredAt = lastCommandAt.peek();
    const unsubscribe = lastCommandAt.subscribe((at) => {
      if (at === answeredAt) return;
      answeredAt = at;
      if (!pushOpen) pollSoon();
    });
    // The push channel: a change made anywhere is asked for at once. Opening it asks too (what
    // changed while it was closed); closing brings the next poll to the quiet pace without it.
    const channel = api.openChanges
      ? keepChannelOpen(() => api.openChanges!(), {
          // A version the picture was already read at (the save of the page's own command, asked
          // for when its answer came) brings nothing new: only a later one is asked for.
          changed: (version) => {
            const seenVersion = view.value?.version;
            if (seenVersion === undefined || version > seenVersion) pollSoon();
          },
          open: (isOpen) => {
            pushOpen = isOpen;
            if (isOpen) pollSoon();
            else if (!inFlight && timerAt - Date.now() > QUIET_POLL_MS) schedule(QUIET_POLL_MS);
          },
        })
      : undefined;
    // Laid out again (another of the page's tabs left): the picture catches up at once, as on
    // visibilitychange; the next timer may be the channel's slow safety net, a minute away.
    let drawn = true;
    const layout =
      shown.current && typeof ResizeObserver !== 'undefined'
        ? new ResizeObserver(() => {
            const now = (shown.current?.getClientRects().length ?? 0) > 0;
            if (now && !drawn) pollSoon();
            drawn = now;
          })
        : undefined;
    if (shown.current) layout?.observe(shown.current);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      dropFrames();
      layout?.disconnect();
      channel?.close();
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api]);
  return { view, error, feed, lit, leaving };
}
