/**
 * Decodes the Kubernetes protobuf encoding (`application/vnd.kubernetes.protobuf`) of the objects
 * kubectl's typed commands send: `kubectl create deployment|service|namespace|configmap|secret`
 * post protobuf, and a real API server takes it. The body is the `k8s\0` magic and a
 * runtime.Unknown (typeMeta, raw); raw is the object in the field numbers of k8s.io/api's
 * generated.proto. The Go marshaller writes every non-pointer field, zero values included, so
 * zero scalars of non-pointer fields are dropped here, as JSON's omitempty drops them, while
 * pointer fields (replicas: 0) and empty structs (`resources: {}`) are kept.
 */

/** The body is not protobuf we can read. */
export class ProtobufDecodeError extends Error {
  override readonly name: string = 'ProtobufDecodeError';
}

/** The body is protobuf of a kind whose fields this decoder does not know; JSON or YAML would do. */
export class UnsupportedProtobufKindError extends ProtobufDecodeError {
  override readonly name = 'UnsupportedProtobufKindError';
}

type Scalar = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';

interface Field {
  readonly name: string;
  readonly type: Scalar | `msg:${string}` | `map:${Scalar}`;
  readonly repeated?: boolean;
  /** A Go pointer field: a zero value that was sent is meant (replicas: 0). */
  readonly pointer?: boolean;
}

type Message = Readonly<Record<number, Field>>;

const s = (name: string): Field => ({ name, type: 'string' });
const i32 = (name: string, pointer = false): Field => ({ name, type: 'int32', pointer });
const i64 = (name: string, pointer = false): Field => ({ name, type: 'int64', pointer });
const b = (name: string, pointer = false): Field => ({ name, type: 'bool', pointer });
const m = (name: string, message: string, repeated = false): Field => ({ name, type: `msg:${message}`, repeated });
const strings = (name: string): Field => ({ name, type: 'string', repeated: true });
const map = (name: string, value: Scalar = 'string'): Field => ({ name, type: `map:${value}` });

/** Field numbers from k8s.io/api and k8s.io/apimachinery generated.proto (stable across releases). */
const MESSAGES: Readonly<Record<string, Message>> = {
  Unknown: { 1: m('typeMeta', 'TypeMeta'), 2: { name: 'raw', type: 'bytes' }, 3: s('contentEncoding'), 4: s('contentType') },
  TypeMeta: { 1: s('apiVersion'), 2: s('kind') },
  ObjectMeta: {
    1: s('name'), 2: s('generateName'), 3: s('namespace'), 5: s('uid'), 6: s('resourceVersion'), 7: i64('generation'),
    8: m('creationTimestamp', 'Time'), 9: m('deletionTimestamp', 'Time'), 10: i64('deletionGracePeriodSeconds', true),
    11: map('labels'), 12: map('annotations'), 13: m('ownerReferences', 'OwnerReference', true), 14: strings('finalizers'),
  },
  Time: { 1: i64('seconds'), 2: i32('nanos') },
  OwnerReference: { 1: s('kind'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: b('controller', true), 7: b('blockOwnerDeletion', true) },
  LabelSelector: { 1: map('matchLabels'), 2: m('matchExpressions', 'LabelSelectorRequirement', true) },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: strings('values') },
  IntOrString: { 1: i64('type'), 2: i32('intVal'), 3: s('strVal') },
  Deployment: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'DeploymentSpec'), 3: m('status', 'DeploymentStatus') },
  DeploymentSpec: {
    1: i32('replicas', true), 2: m('selector', 'LabelSelector'), 3: m('template', 'PodTemplateSpec'), 4: m('strategy', 'DeploymentStrategy'),
    5: i32('minReadySeconds'), 6: i32('revisionHistoryLimit', true), 7: b('paused'), 9: i32('progressDeadlineSeconds', true),
  },
  DeploymentStrategy: { 1: s('type'), 2: m('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: { 1: m('maxUnavailable', 'IntOrString'), 2: m('maxSurge', 'IntOrString') },
  DeploymentStatus: { 1: i64('observedGeneration'), 2: i32('replicas'), 3: i32('updatedReplicas'), 4: i32('availableReplicas'), 5: i32('unavailableReplicas'), 7: i32('readyReplicas') },
  PodTemplateSpec: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodSpec') },
  PodSpec: {
    2: m('containers', 'Container', true), 3: s('restartPolicy'), 4: i64('terminationGracePeriodSeconds', true), 6: s('dnsPolicy'),
    7: map('nodeSelector'), 8: s('serviceAccountName'), 9: s('serviceAccount'), 10: s('nodeName'), 11: b('hostNetwork'), 12: b('hostPID'),
    13: b('hostIPC'), 16: s('hostname'), 17: s('subdomain'), 19: s('schedulerName'), 20: m('initContainers', 'Container', true),
    24: s('priorityClassName'),
  },
  Container: {
    1: s('name'), 2: s('image'), 3: strings('command'), 4: strings('args'), 5: s('workingDir'), 6: m('ports', 'ContainerPort', true),
    7: m('env', 'EnvVar', true), 8: m('resources', 'ResourceRequirements'), 13: s('terminationMessagePath'), 14: s('imagePullPolicy'),
    16: b('stdin'), 17: b('stdinOnce'), 18: b('tty'), 20: s('terminationMessagePolicy'),
  },
  ContainerPort: { 1: s('name'), 2: i32('hostPort'), 3: i32('containerPort'), 4: s('protocol'), 5: s('hostIP') },
  EnvVar: { 1: s('name'), 2: s('value') },
  // kubectl's create commands send no limits or requests, only the empty struct.
  ResourceRequirements: {},
  Service: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'ServiceSpec'), 3: m('status', 'ServiceStatus') },
  ServiceSpec: {
    1: m('ports', 'ServicePort', true), 2: map('selector'), 3: s('clusterIP'), 4: s('type'), 5: strings('externalIPs'), 7: s('sessionAffinity'),
    8: s('loadBalancerIP'), 9: strings('loadBalancerSourceRanges'), 10: s('externalName'), 11: s('externalTrafficPolicy'),
    12: i32('healthCheckNodePort'), 13: b('publishNotReadyAddresses'), 18: strings('clusterIPs'), 19: strings('ipFamilies'),
  },
  ServicePort: { 1: s('name'), 2: s('protocol'), 3: i32('port'), 4: m('targetPort', 'IntOrString'), 5: i32('nodePort') },
  ServiceStatus: { 1: m('loadBalancer', 'LoadBalancerStatus') },
  LoadBalancerStatus: {},
  Namespace: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'NamespaceSpec'), 3: m('status', 'NamespaceStatus') },
  NamespaceSpec: { 1: strings('finalizers') },
  NamespaceStatus: { 1: s('phase') },
  ConfigMap: { 1: m('metadata', 'ObjectMeta'), 2: map('data'), 3: map('binaryData', 'bytes'), 4: b('immutable', true) },
  Secret: { 1: m('metadata', 'ObjectMeta'), 2: map('data', 'bytes'), 3: s('type'), 4: map('stringData'), 5: b('immutable', true) },
  ServiceAccount: { 1: m('metadata', 'ObjectMeta'), 4: b('automountServiceAccountToken', true) },
  // kubectl auth can-i and whoami (authorization.k8s.io/v1, authentication.k8s.io/v1).
  SelfSubjectAccessReview: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectAccessReviewSpec') },
  SelfSubjectAccessReviewSpec: { 1: m('resourceAttributes', 'ResourceAttributes'), 2: m('nonResourceAttributes', 'NonResourceAttributes') },
  ResourceAttributes: { 1: s('namespace'), 2: s('verb'), 3: s('group'), 4: s('version'), 5: s('resource'), 6: s('subresource'), 7: s('name') },
  NonResourceAttributes: { 1: s('path'), 2: s('verb') },
  SelfSubjectReview: { 1: m('metadata', 'ObjectMeta') },
  SelfSubjectRulesReview: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectRulesReviewSpec') },
  SelfSubjectRulesReviewSpec: { 1: s('namespace') },
  // kubectl create token (authentication.k8s.io/v1, the serviceaccounts/token subresource).
  TokenRequest: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'TokenRequestSpec') },
  TokenRequestSpec: { 1: strings('audiences'), 3: m('boundObjectRef', 'BoundObjectReference'), 4: i64('expirationSeconds', true) },
  BoundObjectReference: { 1: s('kind'), 2: s('apiVersion'), 3: s('name'), 4: s('uid') },
};

/** The kinds whose protobuf this decoder reads (what kubectl's typed commands create). */
export const PROTOBUF_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'Service',
  'Namespace',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'SelfSubjectReview',
  'TokenRequest',
]);

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decodes a protobuf request body into the JSON object the same request would have carried. */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ProtobufDecodeError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const unknown = decodeMessage(body.subarray(MAGIC.length), 'Unknown');
  const typeMeta = (unknown['typeMeta'] ?? {}) as { apiVersion?: string; kind?: string };
  const kind = typeMeta.kind ?? '';
  if (!PROTOBUF_KINDS.has(kind)) throw new UnsupportedProtobufKindError(`no protobuf decoding for kind ${JSON.stringify(kind)}`);
  const raw = Buffer.from((unknown['raw'] as string | undefined) ?? '', 'base64');
  return { kind, apiVersion: typeMeta.apiVersion ?? '', ...decodeMessage(raw, kind) };
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.at >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.at >= this.buf.length) throw new ProtobufDecodeError('truncated varint');
      const byte = this.buf[this.at++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new ProtobufDecodeError('varint too long');
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.at + length > this.buf.length) throw new ProtobufDecodeError('truncated length-delimited field');
    const slice = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.at += 8;
    else if (wireType === 5) this.at += 4;
    else throw new ProtobufDecodeError(`unsupported wire type ${wireType}`);
  }
}

function decodeMessage(buf: Buffer, name: string): Record<string, unknown> {
  const schema = MESSAGES[name] ?? {};
  const out: Record<string, unknown> = {};
  const reader = new Reader(buf);
  while (!reader.done) {
    const key = Number(reader.varint());
    const number = key >>> 3;
    const wireType = key & 7;
    const field = schema[number];
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const value = readValue(reader, field, wireType);
    if (field.type.startsWith('map:')) {
      const [k, v] = value as [string, unknown];
      out[field.name] = { ...(out[field.name] as Record<string, unknown> | undefined), [k]: v };
    } else if (field.repeated) {
      out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), value];
    } else {
      out[field.name] = value;
    }
  }
  return dropZeroValues(out, schema, name);
}

function readValue(reader: Reader, field: Field, wireType: number): unknown {
  const { type } = field;
  if (type.startsWith('msg:')) return decodeMessage(expect(reader, wireType, 2).bytes(), type.slice(4));
  if (type.startsWith('map:')) {
    const entry = new Reader(expect(reader, wireType, 2).bytes());
    let key = '';
    let value: unknown = '';
    while (!entry.done) {
      const tag = Number(entry.varint());
      if (tag >>> 3 === 1) key = entry.bytes().toString('utf8');
      else if (tag >>> 3 === 2) value = scalar(entry, type.slice(4) as Scalar, tag & 7);
      else entry.skip(tag & 7);
    }
    return [key, value];
  }
  return scalar(reader, type as Scalar, wireType);
}

function scalar(reader: Reader, type: Scalar, wireType: number): unknown {
  switch (type) {
    case 'string':
      return expect(reader, wireType, 2).bytes().toString('utf8');
    case 'bytes':
      // JSON carries []byte as base64, so the decoded object matches what a JSON client sends.
      return expect(reader, wireType, 2).bytes().toString('base64');
    case 'bool':
      return expect(reader, wireType, 0).varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, expect(reader, wireType, 0).varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, expect(reader, wireType, 0).varint()));
  }
}

function expect(reader: Reader, wireType: number, wanted: number): Reader {
  if (wireType !== wanted) throw new ProtobufDecodeError(`wire type ${wireType} where ${wanted} was expected`);
  return reader;
}

/** Zero scalars of non-pointer fields, and zero Times, are what JSON's omitempty leaves out. */
function dropZeroValues(out: Record<string, unknown>, schema: Message, name: string): Record<string, unknown> {
  if (name === 'Time') return out;
  const byName = new Map(Object.values(schema).map((f) => [f.name, f]));
  for (const [key, value] of Object.entries(out)) {
    const field = byName.get(key);
    if (!field || field.pointer || field.repeated) continue;
    if (value === '' || value === 0 || value === false) delete out[key];
    else if (field.type === 'msg:Time') {
      const time = value as { seconds?: number; nanos?: number };
      if (!time.seconds && !time.nanos) delete out[key];
      else out[key] = new Date((time.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    } else if (field.type === 'msg:IntOrString') {
      const v = value as { type?: number; intVal?: number; strVal?: string };
      out[key] = v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    }
  }
  return out;
}
