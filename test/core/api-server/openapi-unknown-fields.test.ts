import { describe, expect, it } from 'vitest';
import { unknownFields } from '#core/api-server/openapi/fields.ts';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': 'c' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'frontend', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } }, env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }],
      },
    },
  },
};

describe('unknownFields (strict field validation)', () => {
  it('accepts a valid manifest, maps and all', () => {
    expect(unknownFields('apps', 'Deployment', deployment)).toEqual([]);
    expect(unknownFields('', 'ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { anything: 'goes' } })).toEqual([]);
  });

  it('names misspelled fields by their path, in document order', () => {
    const typo = structuredClone(deployment) as any;
    typo.spec.replica = 3;
    typo.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    typo.spec.template.spec.containers[0].ports[0].hostport = 80;
    typo.spec.template.spec.volumes[0].configMap.itemz = [];
    expect(unknownFields('apps', 'Deployment', typo)).toEqual([
      'spec.template.spec.containers[0].ports[0].hostport',
      'spec.template.spec.containers[0].imagePullPolcy',
      'spec.template.spec.volumes[0].configMap.itemz',
      'spec.replica',
    ]);
    expect(unknownFields('', 'Service', { spec: { port: [] } })).toEqual(['spec.port']);
  });

  it('has nothing to say about kinds without a schema or values that are not objects', () => {
    expect(unknownFields('example.com', 'Widget', {})).toBeUndefined();
    expect(unknownFields('', 'Pod', 'text')).toBeUndefined();
    expect(unknownFields('', 'Pod', { metadata: { managedFields: [{ fieldsV1: { 'f:x': {} } }] }, spec: { volumes: [{ name: 'n', nfs: { server: 's', anything: 1 } }] } })).toEqual([]);
  });
});
