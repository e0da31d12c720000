/**
 * Field errors as the Kubernetes API reports them: each is one entry of a Status's
 * details.causes, with the reason (the Go ErrorType), the field path and the message body
 * ("Required value", "Invalid value: \"x\": ..."). Validation collects these instead of throwing.
 */
import { type GoValue, goQuote, renderGoValue } from './go-values.ts';

/** The reason of a cause, as in Status.details.causes[].reason. */
export type CauseReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueDuplicate'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueNotFound';

/** One entry of Status.details.causes. */
export interface StatusCause {
  readonly reason: CauseReason;
  readonly message: string;
  readonly field: string;
}

/** A list of causes, built up by validation. */
export type Causes = StatusCause[];

function cause(reason: CauseReason, field: string, message: string): StatusCause {
  return { reason, field, message };
}

/** A missing value: "Required value", with an optional detail. */
export function required(field: string, detail = ''): StatusCause {
  return cause('FieldValueRequired', field, detail ? `Required value: ${detail}` : 'Required value');
}

/** A malformed value: `Invalid value: <value>: <detail>`. */
export function invalid(field: string, value: GoValue, detail: string): StatusCause {
  const body = `Invalid value: ${renderGoValue(value)}`;
  return cause('FieldValueInvalid', field, detail ? `${body}: ${detail}` : body);
}

/** A value that must be unique and is not. */
export function duplicate(field: string, value: GoValue): StatusCause {
  return cause('FieldValueDuplicate', field, `Duplicate value: ${renderGoValue(value)}`);
}

/** A value outside an enumeration; the supported values are listed quoted, in the given order. */
export function notSupported(field: string, value: GoValue, supported: readonly string[]): StatusCause {
  const list = supported.map(goQuote).join(', ');
  return cause('FieldValueNotSupported', field, `Unsupported value: ${renderGoValue(value)}${list ? `: supported values: ${list}` : ''}`);
}

/** A well-formed value that is not allowed here. */
export function forbidden(field: string, detail: string): StatusCause {
  return cause('FieldValueForbidden', field, detail ? `Forbidden: ${detail}` : 'Forbidden');
}

/** A value longer than `maxBytes`; the value itself is not repeated. */
export function tooLong(field: string, maxBytes: number): StatusCause {
  // v1.32 merged TooLong and TooLongMaxLength into this wording.
  return cause('FieldValueTooLong', field, `Too long: may not be more than ${maxBytes} ${maxBytes === 1 ? 'byte' : 'bytes'}`);
}

/** A reference to something that does not exist. */
export function notFound(field: string, value: GoValue): StatusCause {
  return cause('FieldValueNotFound', field, `Not found: ${renderGoValue(value)}`);
}

/** One cause as the API server writes it into a message: `<field>: <message>`. */
export function causeText(c: StatusCause): string {
  return `${c.field}: ${c.message}`;
}

/**
 * The causes joined as Go's error aggregate does: duplicates dropped, one cause alone, several
 * in brackets separated by ", ".
 */
export function aggregateText(causes: readonly StatusCause[]): string {
  const seen = [...new Set(causes.map(causeText))];
  return seen.length === 1 ? (seen[0] ?? '') : `[${seen.join(', ')}]`;
}
