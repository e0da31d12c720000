/**
 * Decodes the Kubernetes protobuf encoding (`application/vnd.kubernetes.protobuf`) of every kind
 * Kubelab serves, and of DeleteOptions, Eviction and Scale: kubectl's typed commands (`create
 * deployment|service|...`) and helm's release storage (Secrets, and the DeleteOptions of every
 * delete) send it, and a real API server takes it. The body is the `k8s\0` magic and a
 * runtime.Unknown (typeMeta, raw); raw is the object in the field numbers of k8s.io/api's
 * generated.proto, which kube-protobuf/ holds as tables generated from the Go types (imported with
 * the first protobuf body: kube-protobuf/tables.ts). The Go
 * marshaller writes every non-pointer field, zero values included, so zero scalars of non-pointer
 * fields are dropped here, as JSON's omitempty drops them, while pointer fields (replicas: 0) and
 * empty structs (`resources: {}`) are kept.
 */
import type { Field, Scalar } from './kube-protobuf/schema.ts';

/** The tables' module: every message's fields, and the kinds a body may carry. */
type Tables = typeof import('./kube-protobuf/tables.ts');

/** The body is not protobuf we can read. */
export class ProtobufDecodeError extends Error {
  override readonly name: string = 'ProtobufDecodeError';
}

/** The body is protobuf of a kind Kubelab does not serve; JSON or YAML would do. */
export class UnsupportedProtobufKindError extends ProtobufDecodeError {
  override readonly name = 'UnsupportedProtobufKindError';
}

let tables: Promise<Tables> | undefined;

/**
 * The tables, imported once per process, through the `#adapters` name: a function's bundle has it
 * stand for the copy built beside it (lib/constructs/bundling.ts).
 */
function loadTables(): Promise<Tables> {
  tables ??= import('#adapters/http/kube-protobuf/tables.ts');
  return tables;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decodes a protobuf request body into the JSON object the same request would have carried. */
export async function decodeKubeProtobuf(body: Buffer): Promise<Record<string, unknown>> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ProtobufDecodeError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const { apiVersion, kind, raw, contentEncoding } = readUnknown(new Reader(body.subarray(MAGIC.length)));
  const tables = await loadTables();
  // A kind served in two versions has its later version's messages prefixed (autoscalingv2.HorizontalPodAutoscaler).
  const versioned = `${apiVersion.replace('/', '')}.${kind}`;
  const message = tables.PROTOBUF_KINDS.has(versioned) ? versioned : kind;
  if (!tables.PROTOBUF_KINDS.has(message)) throw new UnsupportedProtobufKindError(`no protobuf decoding for kind ${JSON.stringify(kind)}`);
  if (contentEncoding) throw new ProtobufDecodeError(`unsupported content encoding ${JSON.stringify(contentEncoding)}`);
  return { kind, apiVersion, ...decodeMessage(raw, message, tables) };
}

/** runtime.Unknown (k8s.io/apimachinery runtime/generated.proto): 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding. */
function readUnknown(reader: Reader): { apiVersion: string; kind: string; raw: Buffer; contentEncoding: string } {
  const unknown: { apiVersion: string; kind: string; raw: Buffer; contentEncoding: string } = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '' };
  while (!reader.done) {
    const { number, wireType } = reader.tag();
    if (number === 1) {
      const typeMeta = new Reader(reader.expect(wireType, 2).bytes());
      while (!typeMeta.done) {
        const tag = typeMeta.tag();
        if (tag.number === 1) unknown.apiVersion = typeMeta.expect(tag.wireType, 2).bytes().toString('utf8');
        else if (tag.number === 2) unknown.kind = typeMeta.expect(tag.wireType, 2).bytes().toString('utf8');
        else typeMeta.skip(tag.wireType);
      }
    } else if (number === 2) unknown.raw = reader.expect(wireType, 2).bytes();
    else if (number === 3) unknown.contentEncoding = reader.expect(wireType, 2).bytes().toString('utf8');
    else reader.skip(wireType);
  }
  return unknown;
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.at >= this.buf.length;
  }

  tag(): { number: number; wireType: number } {
    const key = this.varint();
    return { number: Number(key >> 3n), wireType: Number(key & 7n) };
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
    return this.take(Number(this.varint()));
  }

  double(): number {
    return this.take(8).readDoubleLE(0);
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.take(8);
    else if (wireType === 5) this.take(4);
    else throw new ProtobufDecodeError(`unsupported wire type ${wireType}`);
  }

  expect(wireType: number, wanted: number): this {
    if (wireType !== wanted) throw new ProtobufDecodeError(`wire type ${wireType} where ${wanted} was expected`);
    return this;
  }

  private take(length: number): Buffer {
    if (this.at + length > this.buf.length) throw new ProtobufDecodeError('truncated field');
    const slice = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }
}

function decodeMessage(buf: Buffer, message: string, tables: Tables): Record<string, unknown> {
  const fields = tables.fieldsOf(message);
  const out: Record<string, unknown> = {};
  const reader = new Reader(buf);
  while (!reader.done) {
    const { number, wireType } = reader.tag();
    const field = fields.get(number);
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    if (field.map) {
      const [key, value] = mapEntry(new Reader(reader.expect(wireType, 2).bytes()), field, tables);
      out[field.name] = { ...(out[field.name] as Record<string, unknown> | undefined), [key]: value };
    } else if (field.repeated) {
      out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), ...repeatedValues(reader, field, wireType, tables)];
    } else if (field.inline) {
      Object.assign(out, value(reader, field, wireType, tables));
    } else {
      out[field.name] = value(reader, field, wireType, tables);
    }
  }
  for (const field of fields.values()) {
    if (field.name in out && isUnset(out[field.name], field)) delete out[field.name];
  }
  return out;
}

/** A zero scalar of a plain (non-pointer) field is what Go cannot tell from unset, and JSON omits. */
function isUnset(decoded: unknown, field: Field): boolean {
  if (decoded === undefined) return true;
  if (field.pointer || field.repeated || field.map || field.kind === 'message') return false;
  return decoded === '' || decoded === 0 || decoded === false;
}

/** A repeated field's values: one element, or many packed into one length-delimited field. */
function repeatedValues(reader: Reader, field: Field, wireType: number, tables: Tables): unknown[] {
  const packable = field.kind === 'scalar' && field.type !== 'string' && field.type !== '[]byte';
  if (!packable || wireType !== 2) return [value(reader, field, wireType, tables)];
  const packed = new Reader(reader.bytes());
  const values: unknown[] = [];
  while (!packed.done) values.push(value(packed, field, field.type === 'float64' ? 1 : 0, tables));
  return values;
}

/** A map entry: 1 key, 2 value; a slice value (ExtraValue) is wrapped in a message of `items` (1). */
function mapEntry(entry: Reader, field: Field, tables: Tables): [string, unknown] {
  let key = '';
  let decoded: unknown = field.repeated ? [] : zeroOf(field);
  while (!entry.done) {
    const { number, wireType } = entry.tag();
    if (number === 1) key = entry.expect(wireType, 2).bytes().toString('utf8');
    else if (number === 2 && field.repeated) {
      const items = new Reader(entry.expect(wireType, 2).bytes());
      const values: unknown[] = [];
      while (!items.done) {
        const item = items.tag();
        if (item.number === 1) values.push(...repeatedValues(items, field, item.wireType, tables));
        else items.skip(item.wireType);
      }
      decoded = values;
    } else if (number === 2) decoded = value(entry, field, wireType, tables);
    else entry.skip(wireType);
  }
  return [key, decoded];
}

function zeroOf(field: Field): unknown {
  if (field.kind === 'message') return {};
  if (field.type === 'Quantity') return '0';
  return field.type === 'string' || field.type === '[]byte' ? '' : field.type === 'bool' ? false : 0;
}

function value(reader: Reader, field: Field, wireType: number, tables: Tables): unknown {
  if (field.kind === 'message') return decodeMessage(reader.expect(wireType, 2).bytes(), field.type, tables);
  if (field.kind === 'special') return special(decodeMessage(reader.expect(wireType, 2).bytes(), field.type, tables), field.type);
  return scalar(reader, field.type as Scalar, wireType);
}

function scalar(reader: Reader, type: Scalar, wireType: number): unknown {
  switch (type) {
    case 'string':
      return reader.expect(wireType, 2).bytes().toString('utf8');
    case '[]byte':
      // JSON carries []byte as base64, so the decoded object matches what a JSON client sends.
      return reader.expect(wireType, 2).bytes().toString('base64');
    case 'bool':
      return reader.expect(wireType, 0).varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, reader.expect(wireType, 0).varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, reader.expect(wireType, 0).varint()));
    case 'float64':
      return reader.expect(wireType, 1).double();
  }
}

/** The JSON form of apimachinery's own types; undefined for a zero time, which JSON leaves out. */
function special(fields: Record<string, unknown>, type: string): unknown {
  switch (type) {
    case 'Time':
    case 'MicroTime':
      return timestamp(Number(fields['seconds'] ?? 0), Number(fields['nanos'] ?? 0), type === 'MicroTime');
    case 'IntOrString':
      return fields['type'] === 1 ? (fields['strVal'] ?? '') : (fields['intVal'] ?? 0);
    case 'Quantity':
      return fields['string'] ?? '0';
    case 'FieldsV1':
      try {
        return JSON.parse(Buffer.from(String(fields['Raw'] ?? ''), 'base64').toString('utf8') || '{}');
      } catch {
        throw new ProtobufDecodeError('managedFields: fieldsV1 is not JSON');
      }
  }
  return fields;
}

/** metav1.Time as RFC 3339 seconds, MicroTime with six fraction digits, as their MarshalJSON writes them. */
function timestamp(seconds: number, nanos: number, micro: boolean): string | undefined {
  if (seconds === 0 && nanos === 0) return undefined;
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(date.getTime())) throw new ProtobufDecodeError(`time out of range: ${seconds}s`);
  const base = date.toISOString().replace(/\.\d{3}Z$/, '');
  return micro ? `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${base}Z`;
}
