/** The learner's page (or, at /admin, the instructor's dashboard): reads config.json (where the API is), resumes a session, renders. */
import { render } from 'preact';
import { App } from './App.tsx';
import { loadApiUrl } from './api.ts';
import { resume } from './session.ts';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  // The "Loading" text in index.html is for the moment before this script runs.
  root.replaceChildren();
  if (/\/admin\/?$/.test(location.pathname)) {
    // The dashboard is a chunk of its own, loaded only here: the learner's join page stays small.
    import('./admin/AdminApp.tsx').then(
      (admin) => admin.startAdmin(root),
      (error: unknown) => (root.textContent = `The instructor's dashboard could not load (${String(error)}). Reload the page to try again.`),
    );
  } else {
    render(<App />, root);
    void loadApiUrl().then(resume);
  }
}
