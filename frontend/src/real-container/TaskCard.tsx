/**
 * The learner's real task: its phase (read out as it changes), the time left counting down between
 * the API's answers, its size and cost, its address once running, and Stop; an ended task says
 * why it ended and leads back to the start form.
 */
import type { RealTask, RealTaskLogLine } from '../api.ts';
import { sentence } from '../problem-text.ts';
import { PHASES, STOPPED_BY, clock, cost, isActive, size, timeOfDay, what } from './real-task.ts';

interface Props {
  readonly task: RealTask;
  /** Seconds since the API answered `task`: the countdown runs on from its `secondsLeft`. */
  readonly elapsed: number;
  readonly busy: boolean;
  readonly problem: string | undefined;
  readonly onStop: () => void;
  readonly onStartAnother: () => void;
}

export function TaskCard({ task, elapsed, busy, problem, onStop, onStartAnother }: Props) {
  const phase = PHASES[task.phase];
  const ended = !isActive(task);
  const costs = cost(task);
  return (
    <section class={`rc-card ${task.phase}`} aria-labelledby="rc-card-title">
      <h3 id="rc-card-title" class="rc-what" tabIndex={-1}>
        {what(task)}
      </h3>
      <p class="rc-status" role="status" aria-live="polite">
        <span class="rc-dot" aria-hidden="true" />
        <strong class="rc-phase">{phase.word}</strong>
        <span class="rc-phase-note">{phase.note}</span>
      </p>
      <dl class="rc-facts">
        {!ended && (
          <>
            <dt>Time left</dt>
            <dd>
              <span role="timer" class="rc-timer">
                {clock(task.secondsLeft - elapsed)}
              </span>
            </dd>
          </>
        )}
        <dt>Size</dt>
        <dd>{size(task)}</dd>
        <dt>Cost</dt>
        <dd>
          {/* Wraps between the two, never inside one. */}
          <span class="rc-nowrap">{costs.soFar}</span> · <span class="rc-nowrap">{costs.hourly}</span>
        </dd>
        {task.source.kind === 'deployment' && (
          <>
            <dt>Containers</dt>
            <dd>
              <ul class="rc-containers">
                {task.containers.map((c) => (
                  <li key={c.name}>
                    <code>{c.name}</code> {c.image}
                    {c.ports.length > 0 && ` (port ${c.ports.join(', ')})`}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {task.urls.length > 0 && (
          <>
            <dt>Address</dt>
            <dd>
              <ul class="rc-urls">
                {task.urls.map((url) => (
                  <li key={url}>
                    <a href={url} target="_blank" rel="noopener noreferrer">
                      {url}
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {ended && (
          <>
            <dt>Ended</dt>
            <dd>
              Stopped {task.stoppedBy ? STOPPED_BY[task.stoppedBy] : ''}
              {task.stoppedAt && ` at ${timeOfDay(task.stoppedAt)}`}
            </dd>
            {task.stopReason && (
              <>
                <dt>Why</dt>
                <dd class="rc-reason">{sentence(task.stopReason)}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {problem && (
        <p class="panel-error" role="alert">
          {problem}
        </p>
      )}
      <div class="rc-actions">
        {ended ? (
          <button type="button" class="secondary" onClick={onStartAnother}>
            Start another
          </button>
        ) : (
          <button type="button" class="rc-stop" onClick={onStop} disabled={busy || task.phase === 'stopping'}>
            {busy && <span class="spinner" aria-hidden="true" />}
            {busy ? 'Stopping…' : 'Stop'}
          </button>
        )}
      </div>
    </section>
  );
}

interface LogsProps {
  readonly lines: readonly RealTaskLogLine[] | undefined;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onRefresh: () => void;
}

/** The last lines the task's containers wrote, oldest first, the container named when there are several. */
export function RecentLogs({ lines, busy, error, onRefresh }: LogsProps) {
  const several = new Set(lines?.map((l) => l.container)).size > 1;
  return (
    <section class="rc-logs" aria-labelledby="rc-logs-title">
      <div class="rc-logs-head">
        <h3 id="rc-logs-title">Recent logs</h3>
        <button type="button" class="quiet" onClick={onRefresh} disabled={busy}>
          {busy ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {error && (
        <p class="panel-error" role="alert">
          {error}
        </p>
      )}
      {lines && lines.length === 0 && <p class="muted">No lines yet: your container has written nothing.</p>}
      {lines && lines.length > 0 && (
        // Focusable, so long logs scroll with the keyboard too.
        <pre class="rc-log" tabIndex={0} aria-labelledby="rc-logs-title">
          {lines.map((line) => `${timeOfDay(line.time)}  ${several ? `[${line.container}] ` : ''}${line.message}`).join('\n')}
        </pre>
      )}
      {!lines && !error && <p class="muted">Loading the logs…</p>}
    </section>
  );
}
