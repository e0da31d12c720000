/**
 * The field tables of every message the decoder reads, as one module: kube-protobuf.ts imports it on
 * the first protobuf body (kubectl's typed commands, helm), and a function's bundle leaves it to a
 * copy built beside the bundle (lib/constructs/bundling.ts, BESIDE_PACKAGES), so no cold start
 * reads the tables.
 */
import { CORE_KINDS, CORE_MESSAGES } from './core.ts';
import { GROUPS_KINDS, GROUPS_MESSAGES } from './groups.ts';
import { META_KINDS, META_MESSAGES } from './meta.ts';
import { parseField, SPECIAL_MESSAGES, type Field, type MessageTables } from './schema.ts';

const MESSAGES: MessageTables = { ...META_MESSAGES, ...CORE_MESSAGES, ...GROUPS_MESSAGES, ...SPECIAL_MESSAGES };

/** The kinds a body may carry: every served kind, the subresources' and DeleteOptions. */
export const PROTOBUF_KINDS: ReadonlySet<string> = new Set([...META_KINDS, ...CORE_KINDS, ...GROUPS_KINDS]);

const parsedFields = new Map<string, ReadonlyMap<number, Field>>();

/** A message's fields by number, parsed from its table once. */
export function fieldsOf(message: string): ReadonlyMap<number, Field> {
  let fields = parsedFields.get(message);
  if (!fields) {
    const table = MESSAGES[message];
    if (!table) throw new Error(`kube-protobuf tables name a message they lack: ${message}`);
    fields = new Map(Object.entries(table).map(([number, entry]) => [Number(number), parseField(entry)]));
    parsedFields.set(message, fields);
  }
  return fields;
}
