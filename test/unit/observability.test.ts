/**
 * The parts the handlers observe with, alone: which correlation id a request gets, what an answer
 * counts as in the Errors metric, how a request's counts become EMF documents or a debug line, and
 * the log line's correlation keys.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorOf } from '#adapters/http/error-metric.ts';
import { problemResponse, problemType } from '#adapters/http/problem.ts';
import { statusResult } from '#adapters/http/kube-response.ts';
import { notFoundStatus } from '#core/api-server/status.ts';
import { scopeOf } from '#adapters/observability/correlation.ts';
import { CorrelatedLogFormatter } from '#adapters/observability/log-formatter.ts';
import { emfPublisher, logPublisher } from '#adapters/observability/metrics-publisher.ts';
import { count, newScope, runInScope } from '#adapters/observability/request-scope.ts';

const event = (headers: Record<string, string> = {}) => ({ requestContext: { requestId: 'apigw-1' }, headers });

describe('scopeOf', () => {
  it("takes the client's x-correlation-id, else a traceparent's trace id, else API Gateway's request id", () => {
    expect(scopeOf(event({ 'x-correlation-id': 'order-42' }), 'lambda-1')).toMatchObject({ correlationId: 'order-42', requestId: 'apigw-1' });
    expect(scopeOf(event({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }), 'lambda-1').correlationId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(scopeOf(event(), 'lambda-1')).toMatchObject({ correlationId: 'apigw-1', requestId: 'apigw-1' });
  });

  it('takes no id that is long, spaced, an all-zero trace, or a Kubelab token: they would be written into every log line', () => {
    for (const sent of [{ 'x-correlation-id': 'x'.repeat(129) } as Record<string, string>, { 'x-correlation-id': 'a b' }, { 'x-correlation-id': 'klb_learner_abcdef' }, { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }]) {
      expect(scopeOf(event(sent), 'lambda-1').correlationId, JSON.stringify(sent)).toBe('apigw-1');
    }
  });

  it("a scheduled run or an EventBridge event has the event's id, else Lambda's request id", () => {
    expect(scopeOf({ id: 'event-7' }, 'lambda-1').correlationId).toBe('event-7');
    expect(scopeOf(undefined, 'lambda-1').correlationId).toBe('lambda-1');
  });
});

describe('errorOf', () => {
  it("is a problem's slug, a Status's reason, and nothing below 400", () => {
    const problem = problemResponse({ type: problemType('validation'), title: 'Invalid Request', status: 422, detail: 'the request body is invalid' });
    expect(errorOf(problem)).toEqual({ type: 'validation', status: '422' });
    expect(errorOf(statusResult(notFoundStatus('pods', 'web'), 'r1'))).toEqual({ type: 'NotFound', status: '404' });
    expect(errorOf({ statusCode: 502, body: 'Bad Gateway' })).toEqual({ type: 'Unknown', status: '502' });
    expect(errorOf({ statusCode: 200, body: '{}' })).toBeUndefined();
    expect(errorOf(undefined)).toBeUndefined();
  });
});

describe('metrics publishers', () => {
  const output: string[] = [];
  afterEach(() => {
    output.length = 0;
    vi.restoreAllMocks();
  });

  it("EMF: one document per set of dimension values, a metric's counts summed, the correlation id as metadata", () => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => output.push(String(chunk)) > 0);
    const publisher = emfPublisher(new Metrics({ namespace: 'Kubelab', serviceName: 'kubelab-kube-api' }));
    const scope = newScope('corr-1', 'req-1');
    runInScope(scope, () => {
      count('KubeRequests', { verb: 'get' });
      count('KubeRequests', { verb: 'get' });
      count('KubeRequests', { verb: 'list' });
      count('Errors', { type: 'NotFound', status: '404' });
    });
    publisher.publish(scope);
    const documents = output.join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(documents).toHaveLength(3);
    expect(documents).toContainEqual(expect.objectContaining({ service: 'kubelab-kube-api', verb: 'get', KubeRequests: 2, correlation_id: 'corr-1' }));
    expect(documents).toContainEqual(expect.objectContaining({ verb: 'list', KubeRequests: 1 }));
    expect(documents).toContainEqual(expect.objectContaining({ type: 'NotFound', status: '404', Errors: 1 }));
    expect(documents[0]._aws.CloudWatchMetrics[0].Namespace).toBe('Kubelab');
  });

  it('EMF: a request that counted nothing prints nothing', () => {
    const write = vi.spyOn(process.stdout, 'write');
    emfPublisher(new Metrics({ namespace: 'Kubelab', serviceName: 'kubelab' })).publish(newScope('c', 'r'));
    expect(write).not.toHaveBeenCalled();
  });

  it('log (local mode): one debug line, no EMF document', () => {
    const debug = vi.fn();
    const scope = newScope('corr-2', 'corr-2');
    runInScope(scope, () => count('ClustersCreated', { how: 'join' }));
    logPublisher({ debug }).publish(scope);
    expect(debug).toHaveBeenCalledWith('metrics', { metrics: [{ name: 'ClustersCreated', how: 'join', value: 1 }] });
  });
});

describe('CorrelatedLogFormatter', () => {
  it("puts the request's correlation id on a line, and API Gateway's id beside a client's", () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
    const logger = new Logger({ serviceName: 'kubelab', logFormatter: new CorrelatedLogFormatter(), logLevel: 'INFO' });
    logger.info('outside');
    runInScope(newScope('client-9', 'apigw-9'), () => logger.info('inside', { detail: 1 }));
    vi.restoreAllMocks();
    const [outside, inside] = lines.map((line) => JSON.parse(line));
    expect(outside).not.toHaveProperty('correlation_id');
    expect(inside).toMatchObject({ level: 'INFO', message: 'inside', service: 'kubelab', correlation_id: 'client-9', api_request_id: 'apigw-9', detail: 1 });
  });
});
