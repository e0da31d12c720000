import { describe, expect, it } from 'vitest';
import { INSTRUCTOR_USER } from '#core/api-server/authorization.ts';
import type { ConfigMap } from '#core/objects.ts';
import { body, call, newCluster } from './fixtures.ts';

const accessReview = (verb: string) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb, resource: 'pods' } } });

describe('the review APIs of kubectl auth', () => {
  it('allows a learner everything, and stores nothing', () => {
    const cluster = newCluster();
    const revision = cluster.etcd.revision;
    const response = call(cluster, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews', body: accessReview('delete') });
    expect(response.status).toBe(201);
    expect(body(response)).toMatchObject({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: accessReview('delete').spec, status: { allowed: true } });
    expect(cluster.etcd.revision).toBe(revision);
  });

  it('lets the instructor read and nothing else, saying why', () => {
    const cluster = newCluster();
    const ask = (verb: string) => body(call(cluster, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews', user: INSTRUCTOR_USER, body: accessReview(verb) })).status;
    expect(ask('list')).toEqual({ allowed: true });
    expect(ask('create')).toEqual({ allowed: false, reason: "instructor tokens only read learners' clusters" });
  });

  it('lists the rules the auth layer enforces: everything for a learner, reads for the instructor', () => {
    const cluster = newCluster();
    const rules = (user: string, spec: unknown = { namespace: 'default' }) =>
      call(cluster, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectrulesreviews', user, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec } });
    const learner = body<{ status: { resourceRules: unknown[]; nonResourceRules: unknown[]; incomplete: boolean } }>(rules('kubelab:learner:ln-1')).status;
    expect(learner.resourceRules[0]).toEqual({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    expect(learner.nonResourceRules[0]).toEqual({ verbs: ['*'], nonResourceURLs: ['*'] });
    expect(learner.incomplete).toBe(false);
    const instructor = body<{ status: { resourceRules: unknown[]; nonResourceRules: unknown[] } }>(rules(INSTRUCTOR_USER)).status;
    expect(instructor.resourceRules[0]).toEqual({ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] });
    expect(instructor.resourceRules).toContainEqual({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] });
    expect(instructor.nonResourceRules[0]).toEqual({ verbs: ['get'], nonResourceURLs: ['*'] });
    expect(body<{ message: string }>(rules('kubelab:learner:ln-1', {}))).toMatchObject({ code: 400, message: 'no namespace on request' });
  });

  it('tells whoami the user and groups, and refuses a review that asks about nothing or is not created', () => {
    const cluster = newCluster();
    const whoami = call(cluster, { verb: 'create', group: 'authentication.k8s.io', resource: 'selfsubjectreviews', user: 'kubelab:learner:ln-1', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(body(whoami)).toMatchObject({ status: { userInfo: { username: 'kubelab:learner:ln-1', groups: ['system:masters', 'system:authenticated'] } } });
    const empty = call(cluster, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews', body: { spec: {} } });
    expect(empty.status).toBe(422);
    expect(body<{ message: string }>(empty).message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    expect(call(cluster, { verb: 'list', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }).status).toBe(405);
  });
});

describe('what the controller manager puts in every namespace', () => {
  it('creates the default service account and kube-root-ca.crt, puts them back, and leaves a terminating namespace alone', () => {
    const cluster = newCluster();
    for (const namespace of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect(cluster.etcd.get('ServiceAccount', namespace, 'default'), namespace).toBeDefined();
      expect(cluster.etcd.get('ConfigMap', namespace, 'kube-root-ca.crt'), namespace).toBeDefined();
    }
    call(cluster, { verb: 'delete', resource: 'serviceaccounts', namespace: 'default', name: 'default' });
    call(cluster, { verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'kube-root-ca.crt', patchType: 'merge', body: { data: { 'ca.crt': 'tampered' } } });
    expect(cluster.etcd.get('ServiceAccount', 'default', 'default')).toBeDefined();
    expect(cluster.etcd.get<ConfigMap>('ConfigMap', 'default', 'kube-root-ca.crt')?.data?.['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----/);
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } } });
    expect(cluster.etcd.get('ServiceAccount', 'gone', 'default')).toBeDefined();
    call(cluster, { verb: 'delete', resource: 'namespaces', name: 'gone' });
    cluster.advanceTo(cluster.now + 60_000);
    expect(cluster.etcd.get('Namespace', undefined, 'gone')).toBeUndefined();
    expect(cluster.etcd.list('ServiceAccount', 'gone')).toEqual([]);
    expect(cluster.etcd.list('ConfigMap', 'gone')).toEqual([]);
  });
});
