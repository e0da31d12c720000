/**
 * Who is signed in: the learner's token, kept in localStorage so a reload keeps the learner
 * signed in, and the learner it belongs to. Signals, so every view follows.
 */
import { computed, signal } from '@preact/signals';
import { ApiError, CourseApi, type Learner } from './api.ts';

const TOKEN_KEY = 'kubelab.token';
const NEW_TOKEN_KEY = 'kubelab.newToken';

/** Where the page is: starting up, asking for a join code or token, or signed in. */
export type SessionState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'signed-out'; readonly notice?: string }
  | { readonly kind: 'signed-in'; readonly learner: Learner; readonly api: CourseApi };

/** The session; views read it, the functions below change it. */
export const session = signal<SessionState>({ kind: 'starting' });

/** A token just issued by joining, shown until the learner dismisses it (it is shown only once). */
export const newToken = signal<string | undefined>(undefined);

/** The signed-in learner, if any. */
export const learner = computed(() => (session.value.kind === 'signed-in' ? session.value.learner : undefined));

let base = new CourseApi('');

function store(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled: the session lasts as long as the page
  }
}

/** At start: signs in again with a stored token, if there is one. */
export async function resume(apiUrl: string): Promise<void> {
  base = new CourseApi(apiUrl);
  const token = store()?.getItem(TOKEN_KEY);
  if (!token) {
    session.value = { kind: 'signed-out' };
    return;
  }
  try {
    await signInWith(token);
    newToken.value = store()?.getItem(NEW_TOKEN_KEY) ?? undefined;
  } catch (error) {
    const detail = error instanceof ApiError ? error.detail : String(error);
    // Only a token the API does not know is forgotten; a closed cohort may open again, a network come back.
    if (error instanceof ApiError && error.status === 401) store()?.removeItem(TOKEN_KEY);
    session.value = { kind: 'signed-out', notice: `You are not signed in: ${detail}` };
  }
}

/** Joins a cohort with its code; throws ApiError with the API's words when refused. */
export async function join(joinCode: string, name: string): Promise<void> {
  const joined = await base.join(joinCode.trim(), name.trim());
  const { token, ...me } = joined;
  remember(token);
  store()?.setItem(NEW_TOKEN_KEY, token);
  newToken.value = token;
  session.value = { kind: 'signed-in', learner: me, api: base.withToken(token) };
}

/** Signs in with a token the learner pasted; throws ApiError (401) when it is not valid. */
export async function signInWith(token: string): Promise<void> {
  const api = base.withToken(token.trim());
  const me = await api.me();
  remember(token.trim());
  session.value = { kind: 'signed-in', learner: me, api };
}

/** Forgets the token on this browser. */
export function signOut(): void {
  store()?.removeItem(TOKEN_KEY);
  store()?.removeItem(NEW_TOKEN_KEY);
  newToken.value = undefined;
  session.value = { kind: 'signed-out', notice: 'You are signed out. Sign in with your token to come back to your cluster.' };
}

/** Hides the "save your token" notice for good. */
export function dismissNewToken(): void {
  store()?.removeItem(NEW_TOKEN_KEY);
  newToken.value = undefined;
}

function remember(token: string): void {
  store()?.setItem(TOKEN_KEY, token);
}
