/**
 * Who runs the dashboard: the admin token, pasted once and kept in sessionStorage, so it lasts
 * as long as the browser's session (a shared classroom machine forgets it when the browser
 * closes) and never reaches the learner's page, which reads localStorage.
 */
import { signal } from '@preact/signals';
import { ApiError } from '../api.ts';
import { AdminApi } from './admin-api.ts';

const TOKEN_KEY = 'kubelab.adminToken';

/** Starting, asking for the token (with why, after a refusal or signing out), or signed in. */
export type AdminSession =
  | { readonly kind: 'starting' }
  | { readonly kind: 'signed-out'; readonly notice?: string }
  | { readonly kind: 'signed-in'; readonly api: AdminApi };

export const adminSession = signal<AdminSession>({ kind: 'starting' });

let apiUrl = '';

function store(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** At start: signs in again with the token kept in this browser session, if any. */
export async function resumeAdmin(url: string): Promise<void> {
  apiUrl = url;
  const token = store()?.getItem(TOKEN_KEY);
  if (!token) {
    adminSession.value = { kind: 'signed-out' };
    return;
  }
  try {
    await signInAdmin(token);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) store()?.removeItem(TOKEN_KEY);
    adminSession.value = { kind: 'signed-out', notice: adminRefusal(error) };
  }
}

/** Signs in with a pasted token; throws ApiError when the API refuses it. */
export async function signInAdmin(pasted: string): Promise<void> {
  const token = pasted.trim();
  const api = new AdminApi(apiUrl, token);
  await api.cohorts(); // the cheapest admin-only route: a wrong token answers 401, another kind 403
  store()?.setItem(TOKEN_KEY, token);
  adminSession.value = { kind: 'signed-in', api };
}

/** Forgets the token in this browser. */
export function signOutAdmin(): void {
  store()?.removeItem(TOKEN_KEY);
  adminSession.value = { kind: 'signed-out', notice: 'You are signed out. Paste the admin token to come back.' };
}

/** Why a token did not sign in, in words for an instructor. */
export function adminRefusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'That token does not sign you in: it is wrong, revoked or expired. Paste the admin token again (npm start prints it; on AWS it is in Secrets Manager).';
  if (error instanceof ApiError && error.status === 403) return 'That token is a learner’s or a grader’s: the dashboard needs an admin token.';
  if (error instanceof ApiError) return error.detail;
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}
