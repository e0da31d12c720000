/**
 * The first view: join a cohort with the code from the instructor's slide and a name, or sign in
 * with a token kept from before. Refusals are shown in words beside the form.
 */
import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { problemText } from '../problem-text.ts';
import { join, signInWith } from '../session.ts';

type Mode = 'join' | 'token';

export function JoinView({ notice }: { notice?: string | undefined }) {
  const mode = useSignal<Mode>('join');
  return (
    <div class="join-page">
      <header class="join-hero">
        <p class="brand">
          <Logo /> Kubelab
        </p>
        <h1>Your own Kubernetes cluster, ready in a second</h1>
        <p class="lead">
          A simulated cluster that answers the real <code>kubectl</code>: one master node and two workers, free while you
          are not using it. Break it, fix it, and see what each part does.
        </p>
        <ul class="anatomy" aria-label="What your cluster is made of">
          <li>
            <strong>Master node</strong>
            <span>API server · scheduler · controller manager · cloud controller · etcd</span>
          </li>
          <li>
            <strong>Worker nodes</strong>
            <span>container runtime · kubelet · kube-proxy</span>
          </li>
        </ul>
      </header>
      <main class="join-card" aria-labelledby="join-title">
        <h2 id="join-title">{mode.value === 'join' ? 'Join your class' : 'Sign in with your token'}</h2>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <div class="mode-switch" role="group" aria-label="How to sign in">
          <button type="button" aria-pressed={mode.value === 'join'} onClick={() => (mode.value = 'join')}>
            I have a join code
          </button>
          <button type="button" aria-pressed={mode.value === 'token'} onClick={() => (mode.value = 'token')}>
            I have a token
          </button>
        </div>
        {mode.value === 'join' ? <JoinForm /> : <TokenForm />}
      </main>
    </div>
  );
}

/** A form's busy state and error, and the submit handler that sets them. */
function useSubmit(action: (form: FormData) => Promise<void>) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = undefined;
    try {
      await action(new FormData(event.currentTarget));
    } catch (caught) {
      error.value = problemText(caught);
      busy.value = false;
    }
  };
  return { busy, error, onSubmit };
}

function JoinForm() {
  const { busy, error, onSubmit } = useSubmit((form) => join(String(form.get('joinCode') ?? ''), String(form.get('name') ?? '')));
  return (
    <form class="form" onSubmit={onSubmit} aria-busy={busy.value} aria-describedby={error.value ? 'join-error' : undefined}>
      <div class="field">
        <label for="join-code">Join code</label>
        <input
          id="join-code"
          name="joinCode"
          required
          minLength={4}
          maxLength={40}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          placeholder="K7M2Q-9X4ZB"
          aria-describedby="join-code-hint"
          class="code-input"
        />
        <p class="hint" id="join-code-hint">
          Your instructor shows it on a slide.
        </p>
      </div>
      <div class="field">
        <label for="learner-name">Your name</label>
        <input id="learner-name" name="name" required maxLength={100} autoComplete="name" aria-describedby="name-hint" />
        <p class="hint" id="name-hint">
          Your instructor sees it beside your progress.
        </p>
      </div>
      <SubmitButton busy={busy.value} idle="Join and get my cluster" working="Creating your cluster…" />
      <FormError id="join-error" text={error.value} />
    </form>
  );
}

function TokenForm() {
  const { busy, error, onSubmit } = useSubmit((form) => signInWith(String(form.get('token') ?? '')));
  return (
    <form class="form" onSubmit={onSubmit} aria-busy={busy.value} aria-describedby={error.value ? 'token-error' : undefined}>
      <div class="field">
        <label for="token">Your token</label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autoComplete="off"
          spellcheck={false}
          placeholder="klb_learner_…"
          aria-describedby="token-hint"
          class="code-input"
        />
        <p class="hint" id="token-hint">
          The token you saved when you joined, or the one your instructor gave you.
        </p>
      </div>
      <SubmitButton busy={busy.value} idle="Sign in" working="Signing in…" />
      <FormError id="token-error" text={error.value} />
    </form>
  );
}

function SubmitButton({ busy, idle, working }: { busy: boolean; idle: string; working: string }) {
  return (
    <button type="submit" class="primary" disabled={busy}>
      {busy && <span class="spinner" aria-hidden="true" />}
      {busy ? working : idle}
    </button>
  );
}

function FormError({ id, text }: { id: string; text: string | undefined }) {
  return (
    <p id={id} class="form-error" role="alert" hidden={!text}>
      {text}
    </p>
  );
}

/** The Kubernetes wheel, in Kubelab's colours. */
export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
      <path fill="currentColor" d="M16 1.5 29 7.8l3 14-9 11.2H9L0 21.8l3-14z" transform="scale(.94) translate(1 0)" />
      <path fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" d="M16 8v16M9 12l14 8M23 12 9 20" />
      <circle cx="16" cy="16" r="3.2" fill="#fff" />
    </svg>
  );
}
