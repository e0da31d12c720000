/**
 * Kubernetes API Lambda: each learner's simulated cluster as a Kubernetes API server, under
 * `/v1/clusters/{clusterId}`. Behind API Gateway (`handler`) responses are buffered, so a watch
 * is bounded; local mode (`streamingHandler`) streams watches as changes happen.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { composeKube } from './compose-kube.ts';
import { loadConfig } from './env.ts';
import { createKubeHandler } from './kube-handler.ts';

const services = composeKube(loadConfig(process.env));

/** The Lambda entry point behind API Gateway: buffered responses, bounded watches. */
export const handler = createKubeHandler(services, { streaming: false }) as (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** The same API where responses can stream (local mode): `kubectl get -w` sees changes as they happen. */
export const streamingHandler = createKubeHandler(services, { streaming: true });
