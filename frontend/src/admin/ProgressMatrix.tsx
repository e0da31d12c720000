/**
 * The class at a glance: learners × exercises, each cell the latest score with its status in
 * colour, icon and words, each exercise's pass rate, and the learners who look stuck flagged with
 * why. One request for the whole room every few seconds (the learners listing carries grades and
 * clusters' health); the render is timed (performance measure `kubelab:matrix-render`), which the
 * browser test holds under 200 ms for 400 learners.
 */
import { useSignal } from '@preact/signals';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { AdminApi, Cohort } from './admin-api.ts';
import { buildMatrix, passRate, STATUS_ICON, STATUS_WORD, type MatrixRow, type MatrixSort } from './matrix.ts';
import { href } from './route.ts';
import { Problem, clockTime, dateTime, plural, useLoaded } from './ui.tsx';

/** How often the matrix asks again while the tab is visible. */
export const MATRIX_REFRESH_MS = 5000;

const SORTS: readonly { value: MatrixSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'progress', label: 'Most progress' },
  { value: 'least-progress', label: 'Least progress' },
  { value: 'stuck', label: 'Stuck first' },
];

const IDLE_CHOICES = [3, 5, 10, 15, 30];


export function ProgressMatrix({ api, cohort }: { api: AdminApi; cohort: Cohort }) {
  const exercises = useLoaded(() => api.exercises(), [api]);
  const listing = useLoaded(() => api.learners(cohort.id), [api, cohort.id], MATRIX_REFRESH_MS);
  const sort = useSignal<MatrixSort>('name');
  const idle = useSignal(10);
  const renderStart = performance.now();
  const table = useRef<HTMLDivElement>(null);
  const data = listing.value.value;
  const course = exercises.value.value;
  const matrix = useMemo(() => {
    if (!data || !course) return undefined;
    const columns = course.map((e) => ({ id: e.exercise.id, title: e.exercise.title }));
    return buildMatrix(data.items, columns, { now: Date.parse(data.now), idleMinutes: idle.value, sort: sort.value });
  }, [data, course, idle.value, sort.value]);
  const body = useRef<HTMLDivElement>(null);
  const drawn = useRef('');
  useLayoutEffect(() => {
    if (!matrix || !table.current || !body.current) return;
    drawRows(body.current, matrix.rows.map((row) => rowHtml(row, cohort.id, matrix.columns.length)).join(''), drawn);
    // Layout included: reading a size makes the browser lay the table out now.
    void table.current.offsetHeight;
    performance.measure('kubelab:matrix-render', { start: renderStart, end: performance.now(), detail: { learners: matrix.rows.length } });
  }, [matrix]);
  const error = exercises.error.value ?? listing.error.value;
  return (
    <div class="matrix-panel">
      <div class="matrix-tools">
        <p class="matrix-summary" role="status">
          {matrix ? (
            <>
              <strong>{plural(matrix.rows.length, 'learner')}</strong>
              {matrix.stuck > 0 ? (
                <span class="stuck-count">
                  <span aria-hidden="true">⚠</span> {matrix.stuck} may be stuck
                </span>
              ) : (
                matrix.rows.length > 0 && <span class="muted">nobody looks stuck</span>
              )}
              {matrix.revoked > 0 && <span class="muted">{matrix.revoked} revoked, not shown</span>}
            </>
          ) : (
            'Loading the class…'
          )}
        </p>
        <label class="inline-field">
          Sort by{' '}
          <select value={sort.value} onChange={(e) => (sort.value = e.currentTarget.value as MatrixSort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field">
          Stuck after no change for{' '}
          <select value={idle.value} onChange={(e) => (idle.value = Number(e.currentTarget.value))}>
            {IDLE_CHOICES.map((m) => (
              <option key={m} value={m}>
                {m} min
              </option>
            ))}
          </select>
        </label>
        {data && (
          <span class="muted live-note">
            <span class="live-dot" aria-hidden="true" /> Live: updated {clockTime(data.now)}
          </span>
        )}
      </div>
      <Problem text={error} />
      {matrix && matrix.rows.length === 0 && <p class="muted">No learners yet. Show the join code, or enrol them on the Learners tab.</p>}
      {matrix && matrix.rows.length > 0 && (
        // An ARIA table of rows laid out with fixed widths rather than a <table>: a table lays out
        // every row to size its columns, while these rows off screen skip layout (content-visibility)
        // and are laid out as they scroll in. Still every row is in the page: find and screen readers reach them.
        <div class="matrix-scroll" tabIndex={0} aria-label="Progress matrix, scrollable">
          <div class="matrix" role="table" ref={table} aria-describedby="matrix-legend" aria-rowcount={matrix.rows.length + 1}>
            <div role="rowgroup" class="matrix-head">
              <div role="row" class="matrix-row">
                <div role="columnheader" class="learner-col" aria-sort={sort.value === 'name' ? 'ascending' : 'none'}>
                  Learner
                </div>
                <div role="columnheader" class="total-col" aria-sort={sort.value === 'progress' ? 'descending' : sort.value === 'least-progress' ? 'ascending' : 'none'}>
                  Passed
                </div>
                <div role="columnheader" class="cluster-col">
                  Cluster
                </div>
                {matrix.columns.map((column) => (
                  <div role="columnheader" key={column.exerciseId} class="exercise-col">
                    <span class="exercise-name" title={column.title}>
                      {column.number}. {column.title}
                    </span>
                    <span class="pass-rate" title={`${column.passed} of ${matrix.rows.length} passed, ${column.tried} tried`}>
                      {passRate(column, matrix.rows.length)} passed
                    </span>
                  </div>
                ))}
              </div>
            </div>
            <div role="rowgroup" class="matrix-body" ref={body} />
          </div>
        </div>
      )}
      <p class="matrix-legend muted" id="matrix-legend">
        <span class="cell-key s-passed">✓ passed</span>
        <span class="cell-key s-partial">◐ partly done</span>
        <span class="cell-key s-failed">✗ failed</span>
        <span class="cell-key s-none">– not tried</span>
        Each cell is the learner's latest grade (their own "check my work", a grader's or yours). Stuck: pods failing, or no change to the cluster for {idle.value} minutes without having passed the exercise the class has reached.
      </p>
    </div>
  );
}

/**
 * The rows, written as HTML in one go rather than built node by node: 400 learners are some
 * 11,000 nodes, which the browser's parser makes several times faster than script can. Every
 * text is escaped. Written again only when it changed; a focused learner's link keeps the focus.
 */
function drawRows(body: HTMLElement, html: string, drawn: { current: string }): void {
  if (html === drawn.current && body.childElementCount > 0) return;
  const focused = body.contains(document.activeElement) ? (document.activeElement as HTMLAnchorElement).getAttribute('href') : null;
  body.innerHTML = html;
  drawn.current = html;
  if (focused) body.querySelector<HTMLElement>(`a[href="${CSS.escape(focused)}"]`)?.focus();
}

const ESCAPED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPED[c]!);

/** One learner's row: the name (and why they look stuck), passed, cluster, then a cell per exercise, each one text node. */
function rowHtml(row: MatrixRow, cohortId: string, total: number): string {
  const { learner, stuck } = row;
  const health = learner.clusterHealth;
  const cluster = !health
    ? '–'
    : `${health.failingPods ? `${health.failingPods} of ${health.pods} failing` : plural(health.pods, 'pod')}${row.idleMinutes === undefined ? '' : ` · ${row.idleMinutes < 1 ? 'now' : `${row.idleMinutes} min ago`}`}`;
  const clusterTitle = health ? `${plural(health.failingPods, 'pod')} failing of ${health.pods}; last change ${row.idleMinutes ?? '?'} min ago (as of ${dateTime(health.savedAt)})` : 'no figures yet';
  let html = `<div role="row" class="matrix-row${stuck ? ' stuck' : ''}"><div role="rowheader" class="learner-col"><a href="${esc(href({ page: 'learner', cohortId, learnerId: learner.id }))}">${esc(learner.name)}</a>`;
  if (stuck) html += `<span class="stuck-flag">${esc(`⚠ ${stuck.reasons.join(', ')}`)}</span>`;
  html += `</div><div role="cell" class="total-col">${row.passed}/${total}</div><div role="cell" class="cluster-col${health?.failingPods ? ' failing' : ''}" title="${esc(clusterTitle)}">${esc(cluster)}</div>`;
  for (const cell of row.cells) {
    html +=
      cell.status === 'none'
        ? '<div role="cell" class="cell s-none" title="not tried yet">–</div>'
        : `<div role="cell" class="cell s-${cell.status}" title="${esc(`${STATUS_WORD[cell.status]}: ${cell.score} of ${cell.maxScore}, graded ${dateTime(cell.gradedAt!)}`)}">${STATUS_ICON[cell.status]} ${cell.score}/${cell.maxScore}</div>`;
  }
  return `${html}</div>`;
}
