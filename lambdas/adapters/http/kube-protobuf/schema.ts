/**
 * How the generated tables describe a message: each field number maps to `'jsonName goType'`, the
 * Go type as k8s.io/api declares it (`*int32`, `[]Container`, `map[string]Quantity`), and
 * `',inline X'` for a struct that JSON flattens into its parent while protobuf nests it.
 */

/** A message's fields by number, as the generated tables write them. */
export type MessageTable = Readonly<Record<number, string>>;

/** Messages by name (a name another package took first is qualified: `discovery.EndpointPort`). */
export type MessageTables = Readonly<Record<string, MessageTable>>;

/** The wire's scalar types, as Go names them. */
export type Scalar = 'string' | 'int32' | 'int64' | 'bool' | '[]byte' | 'float64';

/** apimachinery types with a JSON form of their own: the decoder reads their fields, then converts. */
export type Special = 'Time' | 'MicroTime' | 'IntOrString' | 'Quantity' | 'FieldsV1';

/** One field, read from its table entry. */
export interface Field {
  /** The JSON name; empty for an inline struct. */
  readonly name: string;
  /** A scalar, a special type, or the table key of a message. */
  readonly type: string;
  readonly kind: 'scalar' | 'special' | 'message';
  readonly repeated: boolean;
  readonly map: boolean;
  readonly inline: boolean;
  /** A Go pointer: a zero value that was sent is meant (replicas: 0), where a plain field's zero is "unset". */
  readonly pointer: boolean;
}

const SCALARS: ReadonlySet<string> = new Set<Scalar>(['string', 'int32', 'int64', 'bool', '[]byte', 'float64']);
const SPECIALS: ReadonlySet<string> = new Set<Special>(['Time', 'MicroTime', 'IntOrString', 'Quantity', 'FieldsV1']);

/** The fields of the special types (k8s.io/apimachinery generated.proto), by number. */
export const SPECIAL_MESSAGES: Readonly<Record<Special, MessageTable>> = {
  Time: { 1: 'seconds int64', 2: 'nanos int32' },
  MicroTime: { 1: 'seconds int64', 2: 'nanos int32' },
  IntOrString: { 1: 'type int64', 2: 'intVal int32', 3: 'strVal string' },
  Quantity: { 1: 'string string' },
  FieldsV1: { 1: 'Raw []byte' },
};

/** Reads a table entry: `'replicas *int32'`, `'containers []Container'`, `',inline VolumeSource'`. */
export function parseField(entry: string): Field {
  const [name = '', goType = ''] = entry.split(' ');
  const inline = name === ',inline';
  const map = goType.startsWith('map[string]');
  let type = map ? goType.slice('map[string]'.length) : goType;
  const pointer = type.startsWith('*');
  if (pointer) type = type.slice(1);
  const repeated = type !== '[]byte' && type.startsWith('[]');
  if (repeated) type = type.slice(2);
  const kind = SCALARS.has(type) ? 'scalar' : SPECIALS.has(type) ? 'special' : 'message';
  return { name: inline ? '' : name, type, kind, repeated, map, inline, pointer };
}
