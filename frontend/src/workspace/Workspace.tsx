/**
 * The signed-in learner's page: the terminal on the left, their cluster, the exercises and their
 * real container on the right, the kubeconfig for a kubectl of their own in the top bar. Loaded
 * only after signing in.
 */
import { useSignal } from '@preact/signals';
import { Logo } from '../join/JoinView.tsx';
import { ClusterPicture, pictureWide } from '../picture/ClusterPicture.tsx';
import { dismissNewToken, newToken, session, signOut } from '../session.ts';
import { EditorSplit } from '../editor/EditorPanel.tsx';
import { ExercisesPanel } from '../exercises/ExercisesPanel.tsx';
import { RealContainerPanel } from '../real-container/RealContainerPanel.tsx';
import { KubeconfigMenu } from './KubeconfigMenu.tsx';
import { SideTabs } from './SideTabs.tsx';
import { TerminalView } from './TerminalView.tsx';
import './workspace.css';

export function Workspace() {
  const state = session.value;
  if (state.kind !== 'signed-in') return null;
  const { learner, api } = state;
  return (
    <div class="workspace">
      <header class="topbar">
        <p class="brand">
          <Logo /> Kubelab
        </p>
        <p class="who">
          <span class="who-name">{learner.name}</span>
          <span class="who-cluster" title="Your cluster's id">
            {learner.clusterId}
          </span>
        </p>
        <KubeconfigMenu api={api} clusterId={learner.clusterId} />
        <button type="button" class="quiet" onClick={confirmSignOut}>
          Sign out
        </button>
      </header>
      {newToken.value && <TokenNotice token={newToken.value} />}
      <main class={`desk${pictureWide.value ? ' picture-wide' : ''}`}>
        <EditorSplit api={api}>
          <TerminalView api={api} learnerId={learner.id} clusterId={learner.clusterId} />
        </EditorSplit>
        <aside class="side" aria-label="Your cluster and course">
          <SideTabs
            label="Your cluster and course"
            tabs={[
              { id: 'cluster', label: 'Your cluster', content: <ClusterPicture api={api} /> },
              { id: 'exercises', label: 'Exercises', content: <ExercisesPanel api={api} /> },
              { id: 'real-container', label: 'Real container', content: <RealContainerPanel api={api} /> },
            ]}
          />
        </aside>
      </main>
    </div>
  );
}

/** Signing out forgets the token here: if it was never saved, the cluster would be out of reach. */
function confirmSignOut() {
  if (newToken.value && !window.confirm('You have not saved your token. Without it you cannot come back to this cluster. Sign out anyway?')) return;
  signOut();
}

/** The token is shown once, when the learner joins: saving it is the way back from another browser. */
function TokenNotice({ token }: { token: string }) {
  const copied = useSignal(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(token).then(() => (copied.value = true), () => undefined);
  };
  return (
    <section class="token-notice" aria-labelledby="token-notice-title">
      <h2 id="token-notice-title">Save your token</h2>
      <p>You need it to sign in from another browser; it is shown only now.</p>
      <code class="token" title={token}>
        {token}
      </code>
      <button type="button" class="quiet" onClick={copy}>
        {copied.value ? 'Copied' : 'Copy'}
      </button>
      <button type="button" class="quiet" onClick={dismissNewToken}>
        I saved it
      </button>
    </section>
  );
}
