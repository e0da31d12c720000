/**
 * Test helpers for the printers: lay a Table out as kubectl's tabwriter does (upper-case headers,
 * cells padded by three spaces to at least six, wide columns only with -o wide) and compare it with a golden file
 * under test/golden/printers (UPDATE_GOLDEN=1 rewrites the files).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Table } from '#core/api-server/printers/table.ts';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'golden', 'printers');

/** The table as `kubectl get` (or `kubectl get -o wide`) prints it. */
export function renderTable(table: Table, wide = false): string {
  const shown = table.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => wide || c.priority === 0);
  const lines = [shown.map(({ c }) => c.name.toUpperCase()), ...table.rows.map((r) => shown.map(({ i }) => String(r.cells[i])))];
  const widths = shown.map((_, col) => Math.max(...lines.map((line) => (line[col] ?? '').length)));
  return lines.map((line) => line.map((cell, col) => (col === line.length - 1 ? cell : cell.padEnd(Math.max((widths[col] ?? 0) + 3, 6)))).join('').trimEnd()).join('\n') + '\n';
}

/** Asserts `text` equals the golden file `name`, or rewrites it when UPDATE_GOLDEN=1. */
export function expectGolden(name: string, text: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, text);
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing; run the test with UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
