/**
 * On AWS learners' kubeconfigs name the Kubernetes API's streaming function URL, not the address
 * the course API was called at (KUBELAB_KUBE_API_URL, set by the API stack).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV } from '#handlers/env.ts';
import { startCourse, type CourseHarness } from '../course/api-helpers.ts';

let h: CourseHarness;
beforeAll(async () => {
  process.env[ENV.kubeApiUrl] = 'https://abc123.lambda-url.eu-west-1.on.aws/';
  h = await startCourse();
});
afterAll(async () => {
  delete process.env[ENV.kubeApiUrl];
  await h.stop();
});

it("names the streaming Kubernetes API as the kubeconfig's server, with the learner's cluster and token", async () => {
  const cohort = await h.cohort();
  const ada = await h.enrol(cohort.id, 'Ada');
  const answer = await h.call<string>(ada.token, 'GET', '/v1/me/kubeconfig');
  expect(answer.status).toBe(200);
  const config = parse(answer.body);
  expect(config.clusters[0].cluster).toEqual({ server: `https://abc123.lambda-url.eu-west-1.on.aws/v1/clusters/${ada.clusterId}` });
  expect(config.users[0].user.token).toBe(ada.token);
});
