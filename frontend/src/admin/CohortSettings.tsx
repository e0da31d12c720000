/** A cohort's settings: name, description, seats, when it is open, each learner's quotas and cluster; archiving it. */
import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { problemText } from '../problem-text.ts';
import type { AdminApi, ClusterSettings, Cohort, CohortFields } from './admin-api.ts';
import { Problem } from './ui.tsx';

/** An RFC 3339 time as a datetime-local input shows it (local time, to the minute). */
function localInput(at: string | undefined): string {
  if (!at) return '';
  const date = new Date(at);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function CohortSettings({ api, cohort, onChange }: { api: AdminApi; cohort: Cohort; onChange: (cohort: Cohort) => void }) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const saved = useSignal(false);
  const save = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const number = (name: string) => (text(name) ? Number(text(name)) : undefined);
    const time = (name: string) => (text(name) ? new Date(text(name)).toISOString() : null);
    const objects = number('objects');
    const pods = number('pods');
    const flavour = text('flavour') === 'eks' ? 'eks' : 'kubeadm';
    const nodes = number('nodes');
    // The seed lab's cluster with its default nodes is no setting at all; an eks cluster keeps its region.
    const cluster: ClusterSettings | null =
      flavour === 'kubeadm' && nodes === undefined ? null : { flavour, ...(flavour === 'eks' && text('region') ? { region: text('region') } : {}), ...(nodes !== undefined ? { nodes } : {}) };
    const fields: CohortFields = {
      name: text('name'),
      description: text('description') || null,
      capacity: number('capacity') ?? null,
      startsAt: time('startsAt'),
      endsAt: time('endsAt'),
      quotas: objects === undefined && pods === undefined ? null : { ...(objects !== undefined ? { objects } : {}), ...(pods !== undefined ? { pods } : {}) },
      cluster,
    };
    busy.value = true;
    error.value = undefined;
    saved.value = false;
    try {
      onChange(await api.updateCohort(cohort.id, fields));
      saved.value = true;
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  const archive = async () => {
    if (!window.confirm(`Archive “${cohort.name}”? Joining stops and its learners' tokens stop working; grades and clusters stay for you to read.`)) return;
    try {
      onChange(await api.archiveCohort(cohort.id));
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  return (
    <div class="settings">
      <form class="card settings-form" onSubmit={save} aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <div class="field">
          <label for="set-name">Name</label>
          <input id="set-name" name="name" required maxLength={100} value={cohort.name} />
        </div>
        <div class="field">
          <label for="set-description">Description</label>
          <input id="set-description" name="description" maxLength={1000} value={cohort.description ?? ''} />
        </div>
        <div class="field-row">
          <div class="field">
            <label for="set-capacity">Seats</label>
            <input id="set-capacity" name="capacity" type="number" min={1} max={10000} value={cohort.capacity ?? ''} placeholder="no limit" />
          </div>
          <div class="field">
            <label for="set-starts">Opens</label>
            <input id="set-starts" name="startsAt" type="datetime-local" value={localInput(cohort.startsAt)} />
          </div>
          <div class="field">
            <label for="set-ends">Closes</label>
            <input id="set-ends" name="endsAt" type="datetime-local" value={localInput(cohort.endsAt)} />
          </div>
        </div>
        <fieldset class="field-row">
          <legend>Each learner's quota (empty: the default)</legend>
          <div class="field">
            <label for="set-objects">Objects in their cluster</label>
            <input id="set-objects" name="objects" type="number" min={10} max={300} value={cohort.quotas?.objects ?? ''} placeholder="300" />
          </div>
          <div class="field">
            <label for="set-pods">Pods</label>
            <input id="set-pods" name="pods" type="number" min={1} max={100} value={cohort.quotas?.pods ?? ''} placeholder="100" />
          </div>
        </fieldset>
        <fieldset class="field-row">
          <legend>Each learner's cluster (made when they join, and at each exercise's start)</legend>
          <div class="field">
            <label for="set-flavour">Kind of cluster</label>
            <select id="set-flavour" name="flavour" value={cohort.cluster?.flavour ?? 'kubeadm'}>
              <option value="kubeadm">kubeadm: a control-plane node and workers</option>
              <option value="eks">EKS, as eksctl create cluster makes it</option>
            </select>
          </div>
          <div class="field">
            <label for="set-region">AWS region (EKS)</label>
            <input id="set-region" name="region" maxLength={20} pattern="[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[1-9]" value={cohort.cluster?.region ?? ''} placeholder="us-west-2" />
          </div>
          <div class="field">
            <label for="set-nodes">Worker nodes</label>
            <input id="set-nodes" name="nodes" type="number" min={1} max={10} value={cohort.cluster?.nodes ?? ''} placeholder="2" />
          </div>
        </fieldset>
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy.value}>
            {busy.value ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" class="muted">
            {saved.value ? 'Saved.' : ''}
          </span>
        </div>
        <Problem text={error.value} />
      </form>
      {!cohort.archivedAt && (
        <section class="card danger-zone" aria-labelledby="archive-title">
          <h2 id="archive-title">Archive the cohort</h2>
          <p>When the course is over: no one can join or work any more, and you keep the grades and the clusters to read.</p>
          <button type="button" class="danger" onClick={() => void archive()}>
            Archive “{cohort.name}”
          </button>
        </section>
      )}
    </div>
  );
}
