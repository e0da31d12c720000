/**
 * The string enums of the served kinds, as a v1.32 API server's OpenAPI v3 documents carry them:
 * each value with the comment of its Go constant (empty when the constant has none), by the name
 * definitions mark a field with (`oneOf('PULL_POLICY')`). `fieldSchema` turns one into the schema's
 * `enum` and the `Possible enum values:` list that openapi-gen appends to the description, which
 * `kubectl explain` prints under `ENUM:`.
 *
 * The values and their comments are data, in enums.openapi.json beside this file, loaded with the
 * descriptions (descriptions.ts, loadEnums): only the documents served to kubectl read them, so no function's
 * bundle carries them (the `.openapi.json` files are copied beside the bundles). To add an enum,
 * add it to the JSON under a name in capitals; the definitions then name it.
 */
import type ENUM_TABLE from './enums.openapi.json';

/** Enum values of a field and what each means. */
export type EnumValues = Readonly<Record<string, string>>;

/** The name of an enum of enums.openapi.json. */
export type EnumName = keyof typeof ENUM_TABLE;

/** Every enum by its name. */
export type EnumTable = Readonly<Record<EnumName, EnumValues>>;

/** The `Possible enum values:` paragraph openapi-gen appends to a description, values in sorted order. */
export function enumParagraph(values: EnumValues): string {
  const lines = enumList(values).map((value) => ` - \`"${value}"\`${values[value] ? ` ${values[value]}` : ''}`);
  return `Possible enum values:\n${lines.join('\n')}`;
}

/** The values of an enum in the order the documents list them. */
export function enumList(values: EnumValues): string[] {
  return Object.keys(values).sort();
}
