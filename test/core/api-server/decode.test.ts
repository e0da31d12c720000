import { describe, expect, it } from 'vitest';
import { decodeTyped, fieldValidationOf, strictDecodingError, undeclaredFieldsError } from '#core/api-server/decode.ts';
import { goFormat } from '#core/api-server/go-values.ts';

const deployment = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });
const template = (container: Record<string, unknown>) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ...container }] } });

describe('typed decoding, as the API server decodes a body into its Go struct', () => {
  it('passes a well-typed object through unchanged', () => {
    const object = deployment({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template({ ports: [{ containerPort: 80 }] }) });
    expect(decodeTyped('apps', 'Deployment', object, 'json')).toEqual({ ok: true, value: object, unknownFields: [], applyPaths: [] });
  });

  it('words a type mismatch as encoding/json does, naming the struct, the field path and the Go type', () => {
    expect(decodeTyped('apps', 'Deployment', deployment({ replicas: 'two' }), 'json')).toEqual({
      ok: false,
      error: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    });
    // List indices are not part of encoding/json's field path; map values are typed as their element.
    expect(decodeTyped('apps', 'Deployment', deployment({ template: template({ ports: [{ containerPort: '80' }] }) }), 'json')).toMatchObject({
      error: 'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    });
    expect(decodeTyped('', 'ConfigMap', { metadata: { name: 'c', labels: { version: 1.5 } } }, 'json')).toMatchObject({
      error: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    });
    expect(decodeTyped('apps', 'Deployment', deployment({ template: { spec: { containers: 'nginx' } } }), 'json')).toMatchObject({
      error: 'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    });
    expect(decodeTyped('apps', 'Deployment', deployment({ replicas: 1.5 }), 'json')).toMatchObject({ error: 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32' });
  });

  it('words a mismatch in a strategic merge patch result as the unstructured converter does', () => {
    const error = (spec: Record<string, unknown>) => (decodeTyped('apps', 'Deployment', deployment(spec), 'unstructured') as { error: string }).error;
    expect(error({ replicas: 'two' })).toBe('unrecognized type: int32');
    expect(error({ template: { metadata: { labels: { a: 1 } } } })).toBe('cannot convert int64 to string');
    expect(error({ replicas: 1.5 })).toBe('cannot convert float64 to int32');
    expect(error({ paused: 'yes' })).toBe('unrecognized type: bool');
    expect(error({ template: 'x' })).toBe('cannot restore struct from: string');
    expect(error({ template: { spec: { containers: {} } } })).toBe('cannot restore slice from map');
  });

  it('drops unknown fields and reports their paths: in document order for json, sorted for the converter', () => {
    const typo = deployment({ selectr: {}, replicas: 1, template: template({ imagePolicy: 'Always' }) });
    const json = decodeTyped('apps', 'Deployment', typo, 'json');
    expect(json).toMatchObject({ ok: true, unknownFields: ['spec.selectr', 'spec.template.spec.containers[0].imagePolicy'] });
    expect(json.ok && (json.value['spec'] as Record<string, unknown>)).toEqual({ replicas: 1, template: template({}) });
    const unstructured = decodeTyped('apps', 'Deployment', deployment({ zz: 1, aa: 2 }), 'unstructured');
    expect(unstructured).toMatchObject({ unknownFields: ['spec.aa', 'spec.zz'] });
    expect(strictDecodingError(['spec.selectr', 'spec.x'])).toBe('strict decoding error: unknown field "spec.selectr", unknown field "spec.x"');
    // Server-side apply names list items by their keys.
    expect(json).toMatchObject({ applyPaths: ['.spec.selectr', '.spec.template.spec.containers[name="web"].imagePolicy'] });
    const target = { namespace: 'default', name: 'web', group: 'apps', version: 'v1', kind: 'Deployment' };
    expect(undeclaredFieldsError(target, ['.spec.selectr'])).toBe('failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.selectr: field not declared in schema');
    expect(undeclaredFieldsError({ ...target, group: '', kind: 'Service' }, ['.a', '.b'])).toBe(
      'failed to create typed patch object (default/web; /v1, Kind=Service): errors:\n  .a: field not declared in schema\n  .b: field not declared in schema',
    );
  });

  it('reads __proto__ and constructor as an unknown field of a struct and as a key of a map', () => {
    // Found by the fuzz suite: a struct field named __proto__ was looked up on Object.prototype (a 500).
    const object = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","__proto__":{"x":1}},"data":{"__proto__":"a","constructor":"b"}}');
    const decoded = decodeTyped('', 'ConfigMap', object, 'json');
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.unknownFields).toEqual(['metadata.__proto__']);
    expect(Object.entries(decoded.value['data'] as object)).toEqual([['__proto__', 'a'], ['constructor', 'b']]);
  });

  it('treats null as Go does: an absent field, or the zero value inside a map or a list', () => {
    const object = deployment({ template: { metadata: { creationTimestamp: null, labels: { app: 'web', empty: null } }, spec: { containers: [{ name: 'web', image: 'nginx', args: ['a', null] }] } } });
    const decoded = decodeTyped('apps', 'Deployment', object, 'json');
    expect(decoded.ok && decoded.value['spec']).toEqual({ template: { metadata: { labels: { app: 'web', empty: '' } }, spec: { containers: [{ name: 'web', image: 'nginx', args: ['a', ''] }] } } });
  });

  it('leaves kinds without a published schema and free-form values alone', () => {
    const other = { kind: 'Widget', anything: [1, 'x'] };
    expect(decodeTyped('example.com', 'Widget', other, 'json')).toEqual({ ok: true, value: other, unknownFields: [], applyPaths: [] });
    const times = { metadata: { name: 'c', creationTimestamp: '2026-01-01T00:00:00Z' }, data: { a: 'b' } };
    expect(decodeTyped('', 'ConfigMap', times, 'json')).toEqual({ ok: true, value: times, unknownFields: [], applyPaths: [] });
  });

  it('reads the fieldValidation directive with the server default of Warn', () => {
    expect(fieldValidationOf({ fieldValidation: 'Strict' })).toBe('Strict');
    expect(fieldValidationOf({ fieldValidation: 'Ignore' })).toBe('Ignore');
    expect(fieldValidationOf({})).toBe('Warn');
  });
});

describe('goFormat (%v of a decoded patch)', () => {
  it('prints maps with sorted keys, lists with spaces, strings bare and null as <nil>', () => {
    expect(goFormat({ spec: { replicas: 'two', b: [1, true, null] }, a: 1 })).toBe('map[a:1 spec:map[b:[1 true <nil>] replicas:two]]');
  });
});
