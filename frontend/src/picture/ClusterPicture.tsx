/**
 * "Your cluster": the live picture of the learner's cluster, the seed's anatomy slide drawn from
 * GET /v1/me/cluster/view, with what each component just did as arrows and a feed in words. A
 * toggle widens it (the desk gives it more of the page; the terminal keeps the rest).
 */
import { signal, useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { ClusterView, CourseApi } from '../api.ts';
import { problemText } from '../problem-text.ts';
import { Anatomy } from './Anatomy.tsx';
import { Arrows } from './Arrows.tsx';
import { DescribeDialog, type Describing } from './DescribeDialog.tsx';
import { isSystemEntry, type FeedEntry } from './feed.ts';
import { useLiveView, type LiveView } from './use-live-view.ts';
import './picture.css';

/** Whether the learner widened the picture; the workspace lays the desk out by it. */
export const pictureWide = signal(false);

export function ClusterPicture({ api }: { api: CourseApi }) {
  const panel = useRef<HTMLElement>(null);
  const live = useLiveView(api, panel);
  const { view, error } = live;
  const showSystem = useSignal(false);
  const describing = useSignal<Describing | undefined>(undefined);
  const current = view.value;
  const learnerPods = current?.pods.filter((p) => p.namespace !== 'kube-system').length ?? 0;
  return (
    <section class={`panel picture${pictureWide.value ? ' wide' : ''}`} aria-labelledby="cluster-title" ref={panel}>
      <div class="panel-head picture-head">
        <h2 id="cluster-title">Your cluster</h2>
        {current && (
          <span class="panel-meta">
            {current.nodes.length} nodes · {learnerPods} {learnerPods === 1 ? 'pod' : 'pods'}
          </span>
        )}
        <button type="button" class="quiet picture-widen" onClick={() => (pictureWide.value = !pictureWide.value)}>
          {pictureWide.value ? 'Narrow' : 'Widen'}
        </button>
      </div>
      <div class="picture-tools">
        <label class="toggle">
          <input type="checkbox" checked={showSystem.value} onChange={(e) => (showSystem.value = e.currentTarget.checked)} />
          kube-system
        </label>
        <FastForward api={api} />
      </div>
      {error.value && (
        <p class="panel-error" role="alert">
          {error.value}
        </p>
      )}
      {current ? (
        <PictureLayout view={current} live={live} showSystem={showSystem.value} layout={`${pictureWide.value}/${showSystem.value}`} onDescribe={(d) => (describing.value = d)} />
      ) : (
        !error.value && <p class="muted">Loading your cluster…</p>
      )}
      {describing.value && <DescribeDialog api={api} describing={describing.value} onClose={() => (describing.value = undefined)} />}
    </section>
  );
}

/**
 * The picture and its feed, the learner's and the instructor's alike: the anatomy slide with the
 * arrows of what just acted, and the feed beside it (kube-system's lines only when shown). A
 * described object carries the feed's latest lines about it (withRecent). `layout` changes when the
 * arrows must be drawn again (the picture widened, kube-system shown).
 */
export function PictureLayout({ view, live, showSystem, layout, onDescribe }: { view: ClusterView; live: LiveView; showSystem: boolean; layout: string; onDescribe: (describing: Describing) => void }) {
  const stage = useRef<HTMLDivElement>(null);
  const { feed, lit, leaving } = live;
  return (
    <div class="picture-layout">
      <div class="picture-stage" ref={stage}>
        <Anatomy view={view} leaving={leaving.value} lit={lit.value} showSystem={showSystem} onDescribe={(d) => onDescribe(withRecent(d, feed.value))} />
        <Arrows stage={stage} lit={lit.value} layout={layout} />
      </div>
      <Feed entries={showSystem ? feed.value : feed.value.filter((entry) => !isSystemEntry(entry))} />
    </div>
  );
}

/** A component's dialog lists the feed's latest lines that lit it (the instructor's view of a learner's picture too). */
export function withRecent(describing: Describing, feed: readonly FeedEntry[]): Describing {
  const which = describing.component;
  if (!which) return describing;
  const recent = feed
    .filter((e) => e.light.component === which.id && (e.light.node ?? '') === (which.node ?? '') && !isSystemEntry(e))
    .slice(0, 6)
    .map((e) => `${clock(e.at)}  ${e.text}`);
  return { ...describing, recent };
}

/** Simulated time moved on at the learner's request: a node's 40 s grace or its pods' 5-minute eviction without the wait. */
function FastForward({ api }: { api: CourseApi }) {
  const said = useSignal('');
  const busy = useSignal(false);
  const skip = async (seconds: number, words: string) => {
    busy.value = true;
    try {
      await api.fastForward(seconds);
      said.value = `Moved ${words} ahead.`;
    } catch (error) {
      said.value = problemText(error);
    } finally {
      busy.value = false;
    }
  };
  return (
    <div class="fast-forward" role="group" aria-label="Fast-forward the cluster's clock">
      <span class="fast-forward-label">Fast-forward</span>
      <button type="button" class="quiet" disabled={busy.value} onClick={() => void skip(60, '1 minute')} aria-label="Fast-forward 1 minute">
        1 min
      </button>
      <button type="button" class="quiet" disabled={busy.value} onClick={() => void skip(300, '5 minutes')} aria-label="Fast-forward 5 minutes">
        5 min
      </button>
      <span class="visually-hidden" role="status">
        {said.value}
      </span>
    </div>
  );
}

export const clock = (at: string) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** What the components did, newest first, read out politely as it arrives. */
export function Feed({ entries }: { entries: readonly FeedEntry[] }) {
  return (
    <section class="feed" aria-labelledby="feed-title">
      <h3 id="feed-title" class="lane">
        What the components did
      </h3>
      <ol class="feed-list" aria-live="polite" aria-relevant="additions">
        {entries.map((entry) => (
          <li key={entry.key} class={`feed-entry c-${entry.light.component}${entry.warning ? ' warning' : ''}`}>
            <time dateTime={entry.at}>{clock(entry.at)}</time>
            <span>
              <strong>{entry.who}:</strong> {entry.text}
            </span>
          </li>
        ))}
        {!entries.length && <li class="feed-empty">Nothing yet: run a kubectl command and watch the components work.</li>}
      </ol>
    </section>
  );
}
