/** Grader tokens for scripts that grade over HTTP (a CI job, an LMS): created (shown once), limited to a cohort or not, revoked. */
import { useSignal } from '@preact/signals';
import type { TargetedSubmitEvent } from 'preact';
import { problemText } from '../problem-text.ts';
import type { AdminApi, GraderToken } from './admin-api.ts';
import { CopyButton, Problem, dateTime, useLoaded } from './ui.tsx';

export function TokensPage({ api }: { api: AdminApi }) {
  const tokens = useLoaded(() => api.graderTokens(), [api]);
  const cohorts = useLoaded(() => api.cohorts(), [api]);
  const created = useSignal<GraderToken | undefined>(undefined);
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const cohortName = new Map((cohorts.value.value ?? []).map((c) => [c.id, c.name]));
  const create = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    busy.value = true;
    error.value = undefined;
    try {
      created.value = await api.createGraderToken(String(form.get('name') ?? '').trim(), String(form.get('cohortId') ?? '') || undefined);
      formElement.reset();
      await tokens.reload();
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  const revoke = async (token: GraderToken) => {
    if (!window.confirm(`Revoke the grader token “${token.name}”? Scripts using it are refused from now on.`)) return;
    try {
      await api.revokeGraderToken(token.id);
      if (created.value?.id === token.id) created.value = undefined;
      await tokens.reload();
    } catch (caught) {
      error.value = problemText(caught);
    }
  };
  return (
    <div class="admin-page narrow">
      <div class="page-head">
        <h1>Grader tokens</h1>
      </div>
      <p class="muted">For scripts that grade learners over HTTP (POST /v1/grading/grade): a CI job, an LMS, a classroom script. They may grade and read grades, nothing else.</p>
      <form class="card new-cohort" onSubmit={create} aria-labelledby="new-token-title">
        <h2 id="new-token-title">New grader token</h2>
        <div class="field grow">
          <label for="token-name">What it is for</label>
          <input id="token-name" name="name" required maxLength={100} placeholder="Moodle sync" />
        </div>
        <div class="field">
          <label for="token-cohort">Cohort</label>
          <select id="token-cohort" name="cohortId">
            <option value="">every cohort</option>
            {(cohorts.value.value ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary" disabled={busy.value}>
          Create token
        </button>
      </form>
      {created.value?.token && (
        <section class="card new-tokens" aria-labelledby="created-token-title">
          <h2 id="created-token-title">“{created.value.name}”: its token</h2>
          <p class="warning-note">Shown only now: copy it into the script's settings.</p>
          <p class="token-line">
            <code class="token-cell">{created.value.token}</code> <CopyButton text={created.value.token} label="Copy token" />
          </p>
        </section>
      )}
      <Problem text={error.value ?? tokens.error.value} />
      {tokens.value.value && (
        <section class="card" aria-labelledby="tokens-title">
          <h2 id="tokens-title">Tokens in use</h2>
          {tokens.value.value.length === 0 ? (
            <p class="muted">None yet.</p>
          ) : (
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Cohort</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span class="visually-hidden">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.value.value.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>{token.cohortId ? (cohortName.get(token.cohortId) ?? token.cohortId) : 'every cohort'}</td>
                    <td class="muted">{dateTime(token.createdAt)}</td>
                    <td class="row-actions">
                      <button type="button" class="quiet" onClick={() => void revoke(token)} aria-label={`Revoke ${token.name}`}>
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
