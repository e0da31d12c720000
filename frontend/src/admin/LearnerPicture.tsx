/**
 * A learner's cluster as the learner sees it, read-only: the learner page's live picture (the
 * anatomy slide, arrows, the feed of what each component did) over the admin view route. A click
 * on an object shows it as stored (`kubectl get -o yaml`'s content), read through the admin's
 * inspection route, since the instructor has no terminal in the learner's cluster.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { stringify } from 'yaml';
import { PictureLayout } from '../picture/ClusterPicture.tsx';
import { DescribeIntro, type Describing } from '../picture/DescribeDialog.tsx';
import { useLiveView } from '../picture/use-live-view.ts';
import { problemText } from '../problem-text.ts';
import type { AdminApi } from './admin-api.ts';

export function LearnerPicture({ api, cohortId, learnerId, name }: { api: AdminApi; cohortId: string; learnerId: string; name: string }) {
  const panel = useRef<HTMLElement>(null);
  const source = useMemo(() => ({ clusterView: (since?: string) => api.clusterView(cohortId, learnerId, since) }), [api, cohortId, learnerId]);
  const live = useLiveView(source, panel);
  const { view, error } = live;
  const showSystem = useSignal(false);
  const describing = useSignal<Describing | undefined>(undefined);
  const current = view.value;
  const pods = current?.pods.filter((p) => p.namespace !== 'kube-system').length ?? 0;
  return (
    <section class="panel picture wide admin-picture" aria-labelledby="learner-cluster-title" ref={panel}>
      <div class="panel-head picture-head">
        <h2 id="learner-cluster-title">{name}'s cluster, live</h2>
        {current && (
          <span class="panel-meta">
            {current.nodes.length} nodes · {pods} {pods === 1 ? 'pod' : 'pods'} · read-only
          </span>
        )}
      </div>
      <div class="picture-tools">
        <label class="toggle">
          <input type="checkbox" checked={showSystem.value} onChange={(e) => (showSystem.value = e.currentTarget.checked)} />
          kube-system
        </label>
      </div>
      {error.value && (
        <p class="panel-error" role="alert">
          {error.value}
        </p>
      )}
      {current ? (
        <PictureLayout view={current} live={live} showSystem={showSystem.value} layout={`admin/${showSystem.value}`} onDescribe={(d) => (describing.value = d)} />
      ) : (
        !error.value && <p class="muted">Loading {name}'s cluster…</p>
      )}
      {describing.value && <ObjectDialog api={api} cohortId={cohortId} learnerId={learnerId} describing={describing.value} onClose={() => (describing.value = undefined)} />}
    </section>
  );
}

function ObjectDialog({ api, cohortId, learnerId, describing, onClose }: { api: AdminApi; cohortId: string; learnerId: string; describing: Describing; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const text = useSignal<string | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  // Whatever the picture draws names its object (describeObject): a Job or a claim as well as a pod.
  const target = describing.object;
  useEffect(() => {
    dialog.current?.showModal();
    if (!target) return;
    api.objects(cohortId, learnerId, target.kind, target.namespace).then(
      (items) => {
        const found = items.find((o) => o.metadata.name === target.name);
        text.value = found ? stringify(found) : `${target.kind} ${target.name} is not in the cluster any more.`;
      },
      (caught: unknown) => (error.value = problemText(caught)),
    );
  }, [describing.line]);
  return (
    <dialog ref={dialog} class="describe" aria-labelledby="object-title" onClose={onClose}>
      <DescribeIntro describing={describing} titleId="object-title" onClose={() => dialog.current?.close()} />
      {target && (
        <p class="describe-line">
          <code>
            {target.kind} {target.namespace ? `${target.namespace}/` : ''}
            {target.name}, as stored
          </code>
        </p>
      )}
      <div class="describe-body" aria-live="polite">
        {error.value && (
          <p class="panel-error" role="alert">
            {error.value}
          </p>
        )}
        {text.value ? <pre class="describe-output">{text.value}</pre> : target && !error.value && <p class="muted">Reading it…</p>}
      </div>
    </dialog>
  );
}
