import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MAX_CLUSTER_BYTES, loadConfig, loadPushConfig, telemetrySettings } from '#handlers/env.ts';

const base = { KUBELAB_TABLE_NAME: 'kubelab', KUBELAB_ADMIN_TOKEN: 'klb_admin_0123456789abcdef' };

describe('loadConfig', () => {
  it('reads local mode: a table, an endpoint and an admin token value', () => {
    const config = loadConfig({ ...base, KUBELAB_DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567' });
    expect(config).toEqual({
      tableName: 'kubelab',
      dynamoEndpoint: 'http://127.0.0.1:4567',
      adminToken: { kind: 'value', value: 'klb_admin_0123456789abcdef' },
      maxClusterBytes: DEFAULT_MAX_CLUSTER_BYTES,
    });
  });

  it('reads AWS mode: the admin token comes from a secret, DynamoDB from the region', () => {
    const config = loadConfig({ KUBELAB_TABLE_NAME: 't', KUBELAB_ADMIN_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' });
    expect(config.adminToken).toEqual({ kind: 'secret', secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' });
    expect(config.dynamoEndpoint).toBeUndefined();
  });

  it("reads the Kubernetes API URL kubeconfigs name (the function URL's trailing slash dropped), and refuses one that is not a bare https origin", () => {
    expect(loadConfig({ ...base, KUBELAB_KUBE_API_URL: 'https://abc.lambda-url.eu-west-1.on.aws/' }).kubeApiUrl).toBe('https://abc.lambda-url.eu-west-1.on.aws');
    expect(loadConfig(base).kubeApiUrl).toBeUndefined();
    expect(() => loadConfig({ ...base, KUBELAB_KUBE_API_URL: 'http://abc.example.com' })).toThrow(/^KUBELAB_KUBE_API_URL is "http:\/\/abc.example.com": give an https URL with no path/);
    expect(() => loadConfig({ ...base, KUBELAB_KUBE_API_URL: 'https://abc.example.com/v1' })).toThrow(ConfigError);
  });

  it('fails fast naming the missing table variable', () => {
    expect(() => loadConfig({ KUBELAB_ADMIN_TOKEN: base.KUBELAB_ADMIN_TOKEN })).toThrow(/KUBELAB_TABLE_NAME is not set/);
  });

  it('fails fast when no admin token source is configured', () => {
    expect(() => loadConfig({ KUBELAB_TABLE_NAME: 't' })).toThrow(ConfigError);
  });

  it('refuses an admin token too short to be a secret', () => {
    expect(() => loadConfig({ ...base, KUBELAB_ADMIN_TOKEN: 'hunter2' })).toThrow(/too short \(7 characters\)/);
  });

  it('shortens the seat hold only when asked, in whole seconds, refusing a bad value', () => {
    expect(loadConfig(base).seatHoldMs).toBeUndefined();
    expect(loadConfig({ ...base, KUBELAB_SEAT_HOLD_SECONDS: '3' }).seatHoldMs).toBe(3000);
    expect(() => loadConfig({ ...base, KUBELAB_SEAT_HOLD_SECONDS: '0.5' })).toThrow(/KUBELAB_SEAT_HOLD_SECONDS is "0.5": use whole seconds/);
    expect(() => loadConfig({ ...base, KUBELAB_SEAT_HOLD_SECONDS: 'soon' })).toThrow(ConfigError);
  });

  it('refuses a storage bound DynamoDB could not hold, showing the bad value', () => {
    expect(() => loadConfig({ ...base, KUBELAB_MAX_CLUSTER_BYTES: '500000' })).toThrow(/"500000": use a whole number/);
    expect(loadConfig({ ...base, KUBELAB_MAX_CLUSTER_BYTES: '20000' }).maxClusterBytes).toBe(20_000);
  });
});

describe('telemetrySettings', () => {
  it('traces and publishes EMF on Lambda, and elsewhere sends metrics to the debug log without tracing', () => {
    expect(telemetrySettings({ AWS_LAMBDA_FUNCTION_NAME: 'KubelabApi-CourseApi' })).toEqual({ tracing: true, metrics: 'emf' });
    expect(telemetrySettings({})).toEqual({ tracing: false, metrics: 'log' });
  });

  it('takes POWERTOOLS_TRACE_ENABLED=false and KUBELAB_METRICS, and refuses a metrics output it does not know', () => {
    expect(telemetrySettings({ AWS_LAMBDA_FUNCTION_NAME: 'f', POWERTOOLS_TRACE_ENABLED: 'false' }).tracing).toBe(false);
    expect(telemetrySettings({ KUBELAB_METRICS: 'emf' })).toEqual({ tracing: false, metrics: 'emf' });
    expect(() => telemetrySettings({ KUBELAB_METRICS: 'statsd' })).toThrow(/^KUBELAB_METRICS is "statsd": use emf .* or log/);
  });
});

describe('loadPushConfig', () => {
  it("reads the table and the WebSocket stage's @connections endpoint, its trailing slash dropped", () => {
    expect(loadPushConfig({ KUBELAB_TABLE_NAME: 't', KUBELAB_CONNECTIONS_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/changes/' })).toEqual({
      tableName: 't',
      dynamoEndpoint: undefined,
      connectionsUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/changes',
    });
  });

  it('fails fast naming the variable: no table, no endpoint, or one without its stage', () => {
    expect(() => loadPushConfig({ KUBELAB_CONNECTIONS_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/changes' })).toThrow(/KUBELAB_TABLE_NAME is not set/);
    expect(() => loadPushConfig({ KUBELAB_TABLE_NAME: 't' })).toThrow(ConfigError);
    expect(() => loadPushConfig({ KUBELAB_TABLE_NAME: 't', KUBELAB_CONNECTIONS_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com' })).toThrow(/KUBELAB_CONNECTIONS_URL .*stage/);
    expect(() => loadPushConfig({ KUBELAB_TABLE_NAME: 't', KUBELAB_CONNECTIONS_URL: 'wss://abc.execute-api.eu-west-1.amazonaws.com/changes' })).toThrow(/https URL/);
  });
});
