/**
 * Where in the dashboard the instructor is, kept in the URL's hash (`/admin#/cohorts/co-1/progress`)
 * so the page at /admin is one file wherever the site is served, and back, forward and a reload
 * keep the place.
 */
import { signal } from '@preact/signals';

/** A place in the dashboard. */
export type Route =
  | { readonly page: 'cohorts' }
  | { readonly page: 'cohort'; readonly cohortId: string; readonly tab: CohortTab }
  | { readonly page: 'learner'; readonly cohortId: string; readonly learnerId: string }
  | { readonly page: 'exercises'; readonly exerciseId?: string }
  | { readonly page: 'tokens' };

/** The tabs of a cohort's page. */
export const COHORT_TABS = ['progress', 'learners', 'faults', 'grades', 'settings'] as const;
export type CohortTab = (typeof COHORT_TABS)[number];

/** Reads a hash into a route; anything unknown is the cohort list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, id, second, third] = parts;
  if (first === 'cohorts' && id && second === 'learners' && third) return { page: 'learner', cohortId: id, learnerId: third };
  if (first === 'cohorts' && id) return { page: 'cohort', cohortId: id, tab: (COHORT_TABS as readonly string[]).includes(second ?? '') ? (second as CohortTab) : 'progress' };
  if (first === 'exercises') return id ? { page: 'exercises', exerciseId: id } : { page: 'exercises' };
  if (first === 'tokens') return { page: 'tokens' };
  return { page: 'cohorts' };
}

/** The hash of a route, for links. */
export function href(route: Route): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'cohorts':
      return '#/';
    case 'cohort':
      return `#/cohorts/${e(route.cohortId)}/${route.tab}`;
    case 'learner':
      return `#/cohorts/${e(route.cohortId)}/learners/${e(route.learnerId)}`;
    case 'exercises':
      return route.exerciseId ? `#/exercises/${e(route.exerciseId)}` : '#/exercises';
    case 'tokens':
      return '#/tokens';
  }
}

export const route = signal<Route>(typeof location === 'undefined' ? { page: 'cohorts' } : parseRoute(location.hash));

/** Follows the hash as the browser changes it. */
export function followHash(): void {
  window.addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));
}

/** Goes to a route (a new history entry). */
export function go(to: Route): void {
  location.hash = href(to);
}
