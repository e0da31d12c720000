/**
 * CSV as RFC 4180 has it, for the enrolment list an instructor pastes (a spreadsheet's export, or
 * names typed one a line) and the tokens file they download. No package in the project reads CSV,
 * and a class list needs only this: quoted fields with commas, quotes doubled, line breaks inside
 * quotes, CRLF or LF. No DOM, so it is tested in node (test/site/admin-csv.test.ts).
 */

/** The rows of a CSV text; blank lines are left out. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.some((cell) => cell.trim() !== '')) rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += char;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
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
