/** The learner's page: reads config.json (where the API is), resumes a session, renders. */
import { render } from 'preact';
import { App } from './App.tsx';
import { loadApiUrl } from './api.ts';
import { resume } from './session.ts';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  // The "Loading" text in index.html is for the moment before this script runs.
  root.replaceChildren();
  render(<App />, root);
  void loadApiUrl().then(resume);
}
