/**
 * CSV for the enrolment list an instructor pastes (a spreadsheet's export, or names typed one a
 * line) and the tokens file they download. Reading is Papa Parse's (RFC 4180: quoted fields with
 * commas, quotes doubled, line breaks inside quotes, CRLF or LF); writing is the few lines below,
 * which also defuse what a spreadsheet would run. No DOM, so it is tested in node
 * (test/site/admin-dashboard.test.ts).
 */
import Papa from 'papaparse';

/**
 * The rows of a CSV text; blank lines are left out. Line ends are made one kind first: a list
 * pasted together from two sources may mix CRLF and LF, and Papa Parse takes the first it sees as
 * the only one.
 */
export function parseCsv(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { skipEmptyLines: 'greedy', delimiter: ',', newline: '\n' }).data;
}

/** A learner to enrol from a pasted list, or why a line cannot be one. */
export type RosterLine = { readonly line: number; readonly name: string; readonly externalId?: string } | { readonly line: number; readonly problem: string };

const HEADER_NAMES = /^(name|learner|learner_name|full name|student)$/i;

/**
 * The learners in a pasted list: `name` or `name,external id` a line, an optional header line
 * (`name,external_id`) skipped. Names are at most 100 characters, external ids 255.
 */
export function parseRoster(text: string): RosterLine[] {
  const rows = parseCsv(text);
  const start = rows[0] && HEADER_NAMES.test(rows[0][0]?.trim() ?? '') ? 1 : 0;
  return rows.slice(start).map((cells, i): RosterLine => {
    const line = start + i + 1;
    const [name = '', externalId = '', ...rest] = cells.map((cell) => cell.trim());
    if (!name) return { line, problem: 'no name before the comma' };
    if (name.length > 100) return { line, problem: 'the name is longer than 100 characters' };
    if (externalId.length > 255) return { line, problem: 'the external id is longer than 255 characters' };
    if (rest.some((cell) => cell !== '')) return { line, problem: 'more than two columns: name, then external id' };
    return externalId ? { line, name, externalId } : { line, name };
  });
}

/** One field as RFC 4180 writes it, with a formula's first character defused as the API's export does. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows as CSV text, CRLF line ends. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
