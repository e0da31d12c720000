/** What the course's items share: the table's key attributes, which a domain record leaves out. */
import { INDEXES, KEY } from './table-definition.ts';

const GSI1 = INDEXES[0];

/** The attributes that place an item in the table and its index, not part of the record. */
const ITEM_KEYS: readonly string[] = [KEY.partition, KEY.sort, GSI1.partition, GSI1.sort, 'type'];

/** The domain record without the table's key attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!ITEM_KEYS.includes(name)) record[name] = value;
  return record as T;
}
