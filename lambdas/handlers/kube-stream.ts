/**
 * The Kubernetes API behind a Lambda function URL with response streaming: what learners' own
 * kubectl talks to on AWS (their kubeconfig names this URL). Watches stream as the cluster changes
 * (`kubectl get -w`, `rollout status`, `logs -f`) for up to STREAMED_WATCH_MS, as locally, instead
 * of API Gateway's buffered answers, which must end within its 30 s.
 */
import { toResponseStream } from '#adapters/aws/response-stream.ts';
import { composeKube } from './compose-kube.ts';
import { loadConfig, STREAMED_WATCH_MS } from './env.ts';
import { createKubeHandler } from './kube-handler.ts';

const services = composeKube(loadConfig(process.env));
const api = createKubeHandler(services, { streaming: true, streamedWatchMs: STREAMED_WATCH_MS });

/** The entry point: the runtime's `awslambda` global exists only on Lambda. */
export const handler = awslambda.streamifyResponse(toResponseStream(api, awslambda));
