/**
 * Choosing a fault to teach failure with: a worker node fails or comes back, an image stops
 * pulling or pulls again, a pod goes (one of a Deployment's, which names the same pod in every
 * learner's cluster, or one by name in a single cluster).
 */
import type { Signal } from '@preact/signals';
import type { Fault } from './admin-api.ts';

/** What the picker holds while the instructor chooses. */
export interface FaultChoice {
  readonly type: 'failNode' | 'recoverNode' | 'breakImage' | 'fixImage' | 'deletePod' | 'deleteNamedPod';
  readonly node: string;
  readonly image: string;
  readonly deployment: string;
  readonly pod: string;
  readonly namespace: string;
}

export const DEFAULT_FAULT: FaultChoice = { type: 'failNode', node: 'worker-1', image: 'nginx:1.27', deployment: 'workshop-app', pod: '', namespace: 'default' };

const TYPES: readonly { value: FaultChoice['type']; label: string; single?: boolean }[] = [
  { value: 'failNode', label: 'Fail a worker node' },
  { value: 'recoverNode', label: 'Recover a worker node' },
  { value: 'breakImage', label: 'Break an image (pulls fail)' },
  { value: 'fixImage', label: 'Fix a broken image' },
  { value: 'deletePod', label: "Delete a pod of a Deployment" },
  { value: 'deleteNamedPod', label: 'Delete a pod by name', single: true },
];

/** The fault the API takes for a choice. */
export function faultOf(choice: FaultChoice): Fault {
  switch (choice.type) {
    case 'failNode':
    case 'recoverNode':
      return { type: choice.type, node: choice.node.trim() };
    case 'breakImage':
    case 'fixImage':
      return { type: choice.type, image: choice.image.trim() };
    case 'deletePod':
      return { type: 'deletePod', namespace: choice.namespace.trim() || 'default', deployment: choice.deployment.trim() };
    case 'deleteNamedPod':
      return { type: 'deletePod', namespace: choice.namespace.trim() || 'default', pod: choice.pod.trim() };
  }
}

/** The fault in a few words, for a button and a confirmation: "fail worker-1". */
export function faultWords(choice: FaultChoice): string {
  switch (choice.type) {
    case 'failNode':
      return `fail ${choice.node}`;
    case 'recoverNode':
      return `recover ${choice.node}`;
    case 'breakImage':
      return `break ${choice.image}`;
    case 'fixImage':
      return `fix ${choice.image}`;
    case 'deletePod':
      return `delete a pod of ${choice.deployment}`;
    case 'deleteNamedPod':
      return `delete pod ${choice.pod}`;
  }
}

/** What the learners will see happen, said before the instructor confirms. */
export function faultEffect(choice: FaultChoice): string {
  switch (choice.type) {
    case 'failNode':
      return `${choice.node}'s kubelet stops: after 40 s the controller manager marks it NotReady, after 5 minutes its pods are evicted and replaced on the other worker.`;
    case 'recoverNode':
      return `${choice.node}'s kubelet starts again and the node goes Ready.`;
    case 'breakImage':
      return `Pulls of ${choice.image} fail from now on: new pods with it end in ErrImagePull, then ImagePullBackOff.`;
    case 'fixImage':
      return `Pulls of ${choice.image} work again; pods backing off retry and start.`;
    case 'deletePod':
    case 'deleteNamedPod':
      return 'The pod is deleted gracefully; its ReplicaSet notices and creates a replacement.';
  }
}

/** Whether a choice names everything its fault needs. */
export function faultReady(choice: FaultChoice): boolean {
  const fault = faultOf(choice);
  return Object.values(fault).every((value) => value !== '');
}

export function FaultPicker({ choice, nodes, single, idPrefix }: { choice: Signal<FaultChoice>; nodes: readonly string[]; single: boolean; idPrefix: string }) {
  const now = choice.value;
  const set = (change: Partial<FaultChoice>) => (choice.value = { ...choice.value, ...change });
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div class="fault-picker">
      <div class="field">
        <label for={id('type')}>Fault</label>
        <select id={id('type')} value={now.type} onChange={(e) => set({ type: e.currentTarget.value as FaultChoice['type'] })}>
          {TYPES.filter((t) => single || !t.single).map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      {(now.type === 'failNode' || now.type === 'recoverNode') && (
        <div class="field">
          <label for={id('node')}>Worker node</label>
          <select id={id('node')} value={now.node} onChange={(e) => set({ node: e.currentTarget.value })}>
            {nodes.map((node) => (
              <option key={node} value={node}>
                {node}
              </option>
            ))}
          </select>
        </div>
      )}
      {(now.type === 'breakImage' || now.type === 'fixImage') && (
        <div class="field">
          <label for={id('image')}>Image</label>
          <input id={id('image')} value={now.image} onInput={(e) => set({ image: e.currentTarget.value })} spellcheck={false} />
        </div>
      )}
      {now.type === 'deletePod' && (
        <div class="field">
          <label for={id('deployment')}>Deployment</label>
          <input id={id('deployment')} value={now.deployment} onInput={(e) => set({ deployment: e.currentTarget.value })} spellcheck={false} />
        </div>
      )}
      {now.type === 'deleteNamedPod' && (
        <div class="field">
          <label for={id('pod')}>Pod</label>
          <input id={id('pod')} value={now.pod} onInput={(e) => set({ pod: e.currentTarget.value })} spellcheck={false} />
        </div>
      )}
      {(now.type === 'deletePod' || now.type === 'deleteNamedPod') && (
        <div class="field">
          <label for={id('namespace')}>Namespace</label>
          <input id={id('namespace')} value={now.namespace} onInput={(e) => set({ namespace: e.currentTarget.value })} spellcheck={false} />
        </div>
      )}
    </div>
  );
}
