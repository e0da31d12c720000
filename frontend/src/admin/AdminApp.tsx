/**
 * The instructor's dashboard at /admin: signing in with the admin token, then the top bar and the
 * page the URL's hash names (route.ts): cohorts, one cohort's tabs, one learner's cluster,
 * exercises, grader tokens.
 */
import { render } from 'preact';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import { loadApiUrl } from '../api.ts';
import { Logo } from '../join/JoinView.tsx';
import type { AdminApi } from './admin-api.ts';
import { adminRefusal, adminSession, resumeAdmin, signInAdmin, signOutAdmin } from './admin-session.ts';
import { CohortList } from './CohortList.tsx';
import { CohortPage } from './CohortPage.tsx';
import { ExercisesPage } from './ExercisesPage.tsx';
import { LearnerPage } from './LearnerPage.tsx';
import { followHash, href, route } from './route.ts';
import { TokensPage } from './TokensPage.tsx';
import '../workspace/workspace.css';
import './admin.css';

/** Renders the dashboard into `root` and signs in again if this browser session has the token. */
export function startAdmin(root: HTMLElement): void {
  document.title = "Kubelab: instructor's dashboard";
  followHash();
  render(<AdminApp />, root);
  void loadApiUrl().then(resumeAdmin);
}

function AdminApp() {
  const state = adminSession.value;
  if (state.kind === 'starting') {
    return (
      <main class="loading" aria-busy="true">
        <p role="status">
          <span class="spinner" aria-hidden="true" /> Starting the dashboard…
        </p>
      </main>
    );
  }
  if (state.kind === 'signed-out') return <SignIn notice={state.notice} />;
  return <Dashboard api={state.api} />;
}

function Dashboard({ api }: { api: AdminApi }) {
  const now = route.value;
  // A new place is a new page to a screen reader and the keyboard: focus moves to its content, at its top.
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [href(now)]);
  return (
    <div class="admin">
      <header class="topbar admin-bar">
        <a class="brand" href="#/">
          <Logo /> Kubelab <span class="brand-role">Instructor</span>
        </a>
        <nav aria-label="Dashboard" class="admin-nav">
          <a href={href({ page: 'cohorts' })} aria-current={now.page === 'cohorts' || now.page === 'cohort' || now.page === 'learner' ? 'page' : undefined}>
            Cohorts
          </a>
          <a href={href({ page: 'exercises' })} aria-current={now.page === 'exercises' ? 'page' : undefined}>
            Exercises
          </a>
          <a href={href({ page: 'tokens' })} aria-current={now.page === 'tokens' ? 'page' : undefined}>
            Grader tokens
          </a>
        </nav>
        <button type="button" class="quiet" onClick={signOutAdmin}>
          Sign out
        </button>
      </header>
      <main class="admin-main" id="main" ref={main} tabIndex={-1}>
        {now.page === 'cohorts' && <CohortList api={api} />}
        {now.page === 'cohort' && <CohortPage key={now.cohortId} api={api} cohortId={now.cohortId} tab={now.tab} />}
        {now.page === 'learner' && <LearnerPage key={now.learnerId} api={api} cohortId={now.cohortId} learnerId={now.learnerId} />}
        {now.page === 'exercises' && <ExercisesPage api={api} exerciseId={now.exerciseId} />}
        {now.page === 'tokens' && <TokensPage api={api} />}
      </main>
    </div>
  );
}

function SignIn({ notice }: { notice?: string | undefined }) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    busy.value = true;
    error.value = undefined;
    try {
      await signInAdmin(String(new FormData(event.currentTarget).get('token') ?? ''));
    } catch (caught) {
      error.value = adminRefusal(caught);
      busy.value = false;
    }
  };
  return (
    <div class="join-page admin-signin">
      <header class="join-hero">
        <p class="brand">
          <Logo /> Kubelab
        </p>
        <h1>The instructor's dashboard</h1>
        <p class="lead">
          Your class at a glance: who is stuck on which exercise, any learner's cluster as they see it, faults for the whole room, and the grades to take away.
        </p>
      </header>
      <main class="join-card" aria-labelledby="signin-title">
        <h2 id="signin-title">Sign in with the admin token</h2>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <form class="form" onSubmit={submit} aria-busy={busy.value} aria-describedby={error.value ? 'signin-error' : undefined}>
          <div class="field">
            <label for="admin-token">Admin token</label>
            <input id="admin-token" name="token" type="password" required autoComplete="off" spellcheck={false} placeholder="klb_admin_…" class="code-input" aria-describedby="admin-token-hint" />
            <p class="hint" id="admin-token-hint">
              <code>npm start</code> prints it. It is kept in this browser until you sign out or close the browser.
            </p>
          </div>
          <button type="submit" class="primary" disabled={busy.value}>
            {busy.value && <span class="spinner" aria-hidden="true" />}
            {busy.value ? 'Signing in…' : 'Sign in'}
          </button>
          <p id="signin-error" class="form-error" role="alert" hidden={!error.value}>
            {error.value}
          </p>
        </form>
      </main>
    </div>
  );
}
