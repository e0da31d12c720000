/**
 * Vitest global setup: the web page built once before the tests (frontend/dist, as `npm start`
 * builds it when missing or older than its sources), so the browser tests and `npm start`'s own
 * test serve a current build and none of them builds it while others run.
 */
import { ensureSite } from '../../frontend/build.ts';

export default async function setup(): Promise<void> {
  await ensureSite();
}
