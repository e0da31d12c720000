/** Chooses the view: starting, the join form, or the learner's workspace (loaded on demand). */
import { useSignal, useSignalEffect } from '@preact/signals';
import type { ComponentType } from 'preact';
import { JoinView } from './join/JoinView.tsx';
import { session } from './session.ts';

export function App() {
  const state = session.value;
  const Workspace = useSignal<ComponentType | undefined>(undefined);
  const failed = useSignal<string | undefined>(undefined);
  useSignalEffect(() => {
    if (session.value.kind !== 'signed-in' || Workspace.peek()) return;
    // The terminal and its xterm.js load only once someone is signed in: the join form stays small.
    import('./workspace/Workspace.tsx').then(
      (module) => (Workspace.value = module.Workspace),
      (error: unknown) => (failed.value = `The workspace could not load (${String(error)}). Reload the page to try again.`),
    );
  });
  if (state.kind === 'starting') return <Loading text="Starting Kubelab…" />;
  if (state.kind === 'signed-out') return <JoinView notice={state.notice} />;
  if (failed.value) return <Loading text={failed.value} />;
  const View = Workspace.value;
  return View ? <View /> : <Loading text="Opening your workspace…" />;
}

function Loading({ text }: { text: string }) {
  return (
    <main class="loading" aria-busy="true">
      <p role="status">
        <span class="spinner" aria-hidden="true" /> {text}
      </p>
    </main>
  );
}
