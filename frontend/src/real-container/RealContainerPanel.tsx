/**
 * "Real container": the learner's image (or a Deployment of their cluster) run for real on AWS
 * Fargate, which can serve it where the simulated cluster cannot, for the time their cohort allows.
 * The panel asks for the task when its tab is opened; while a task is on its way or running and
 * the panel is in sight, it asks again every 5 s and counts the time left down in between. Where
 * Kubelab runs without Fargate (local mode) the API answers 501, and the panel says so instead.
 */
import { useComputed, useSignal, type ReadonlySignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, type CourseApi, type RealTask, type RealTaskLogLine, type RealTaskRequest } from '../api.ts';
import { problemText, sentence } from '../problem-text.ts';
import { isActive, placeProblems, type PlacedProblems } from './real-task.ts';
import { StartForm } from './StartForm.tsx';
import { RecentLogs, TaskCard } from './TaskCard.tsx';
import './real-container.css';

const POLL_MS = 5_000;
const LOG_LINES = 100;
const NO_PROBLEMS: PlacedProblems = { fields: {} };

/** A task as the API last answered it, and when (for the countdown). */
interface Answered {
  readonly task: RealTask;
  readonly at: number;
}

export function RealContainerPanel({ api }: { api: CourseApi }) {
  const root = useRef<HTMLElement>(null);
  const shown = useShown(root);
  /** Not asked yet (undefined), none ever ran (null), or the task. */
  const answered = useSignal<Answered | null | undefined>(undefined);
  const unavailable = useSignal<string | undefined>(undefined);
  const loadError = useSignal<string | undefined>(undefined);
  const formOpen = useSignal(false);
  const busy = useSignal<'start' | 'stop' | undefined>(undefined);
  const problems = useSignal<PlacedProblems>(NO_PROBLEMS);
  const cardProblem = useSignal<string | undefined>(undefined);
  const logs = useSignal<readonly RealTaskLogLine[] | undefined>(undefined);
  const logsBusy = useSignal(false);
  const logsError = useSignal<string | undefined>(undefined);
  const now = useSignal(Date.now());
  // Every request takes a number: a poll's answer is kept only if nothing was asked after it, so
  // a slow poll cannot undo a Stop.
  const asked = useRef(0);
  const alive = useRef(true);
  // After a start, a stop or "Start another", the keyboard goes to what replaced the button.
  const focusNext = useRef<string | undefined>(undefined);
  useEffect(() => () => void (alive.current = false), []);
  useEffect(() => {
    if (!focusNext.current) return;
    root.current?.querySelector<HTMLElement>(focusNext.current)?.focus();
    focusNext.current = undefined;
  });

  const loadLogs = async () => {
    logsBusy.value = true;
    try {
      const lines = await api.realTaskLogs(LOG_LINES);
      if (!alive.current) return;
      logs.value = lines;
      logsError.value = undefined;
    } catch (error) {
      if (alive.current) logsError.value = problemText(error);
    } finally {
      logsBusy.value = false;
    }
  };

  const take = (task: RealTask | undefined) => {
    const before = answered.peek()?.task;
    answered.value = task ? { task, at: Date.now() } : null;
    now.value = Date.now();
    // A task on its way closes the form (it may have been started from another browser); an ended one leaves it as it was.
    formOpen.value = !task || (task.phase === 'stopped' && formOpen.peek());
    if (task?.phase !== 'running') logs.value = undefined;
    else if (before?.phase !== 'running' || before.id !== task.id) void loadLogs();
  };

  const refused = (error: unknown): boolean => {
    if (!(error instanceof ApiError && error.status === 501)) return false;
    unavailable.value = error.detail;
    return true;
  };

  const load = async () => {
    const mine = ++asked.current;
    try {
      const task = await api.realTask();
      if (!alive.current || mine !== asked.current) return;
      take(task);
      loadError.value = undefined;
    } catch (error) {
      if (!alive.current || mine !== asked.current || refused(error)) return;
      loadError.value = problemText(error);
    }
  };

  const start = async (request: RealTaskRequest) => {
    ++asked.current;
    busy.value = 'start';
    problems.value = NO_PROBLEMS;
    cardProblem.value = undefined;
    try {
      const task = await api.startRealTask(request);
      if (!alive.current) return;
      take(task);
      focusNext.current = '#rc-card-title';
    } catch (error) {
      if (!alive.current || refused(error)) return;
      problems.value = placeProblems(error);
      if (error instanceof ApiError && error.type === 'state-conflict') {
        // Most likely a task started from another browser: asking again shows it, with its Stop
        // button and why this start was refused; if none runs, the form keeps the problem.
        cardProblem.value = problemText(error);
        void load();
      }
    } finally {
      busy.value = undefined;
    }
  };

  const stop = async () => {
    if (!window.confirm('Stop your real container? Its address stops answering, and what it holds in memory is lost.')) return;
    ++asked.current;
    busy.value = 'stop';
    cardProblem.value = undefined;
    try {
      const task = await api.stopRealTask();
      if (!alive.current) return;
      take(task);
      focusNext.current = '#rc-card-title';
    } catch (error) {
      if (!alive.current) return;
      // Nothing was running any more: it ended meanwhile, and asking again shows how.
      if (error instanceof ApiError && error.status === 404) void load();
      else cardProblem.value = problemText(error);
    } finally {
      busy.value = undefined;
    }
  };

  const startAnother = () => {
    formOpen.value = true;
    problems.value = NO_PROBLEMS;
    focusNext.current = 'input[name="rc-way"]:checked';
  };

  // Opening the tab (or coming back to the page) asks at once.
  useEffect(() => {
    if (shown.value && !busy.peek()) void load();
  }, [shown.value]);

  const current = answered.value?.task;
  const following = shown.value && isActive(current);
  useEffect(() => {
    if (!following) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (!busy.peek()) await load();
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    now.value = Date.now();
    const tick = setInterval(() => (now.value = Date.now()), 1_000);
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, [following]);

  const showCard = current !== undefined && !formOpen.value;
  return (
    <section class="panel rc-panel" ref={root} aria-labelledby="rc-title">
      <div class="panel-head">
        <h2 id="rc-title">Real container</h2>
        <span class="panel-meta">on AWS Fargate</span>
      </div>
      {/* Focusable, so the panel scrolls with the keyboard too. */}
      <div class="scroll" tabIndex={0} aria-labelledby="rc-title">
        {unavailable.value ? (
          <Unavailable detail={unavailable.value} />
        ) : (
          <>
            {loadError.value && (
              <div class="rc-load-error">
                <p class="panel-error" role="alert">
                  {loadError.value}
                </p>
                {answered.value === undefined && (
                  <button type="button" class="quiet" onClick={() => void load()}>
                    Try again
                  </button>
                )}
              </div>
            )}
            {answered.value === undefined && !loadError.value && <p class="muted">Looking for your real container…</p>}
            {showCard && (
              <TaskCard
                task={current}
                elapsed={Math.max(0, Math.floor((now.value - (answered.value?.at ?? now.value)) / 1000))}
                busy={busy.value === 'stop'}
                problem={cardProblem.value}
                onStop={() => void stop()}
                onStartAnother={startAnother}
              />
            )}
            {showCard && current.phase === 'running' && <RecentLogs lines={logs.value} busy={logsBusy.value} error={logsError.value} onRefresh={() => void loadLogs()} />}
            {answered.value !== undefined && !showCard && (
              <>
                <p class="rc-intro">
                  Your simulated cluster cannot serve your image; AWS Fargate can. Run it for real, with an address you can open, for the time your cohort allows.
                </p>
                <StartForm busy={busy.value === 'start'} problems={problems.value} onStart={(request) => void start(request)} />
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}

/** Local mode (or no containers stack): what a real container is, and why there is none here. */
function Unavailable({ detail }: { detail: string }) {
  return (
    <div class="rc-unavailable">
      <p>
        <strong>Not available in this Kubelab.</strong> Real containers run on AWS Fargate, and this Kubelab runs without it: here your images run in your simulated cluster only.
      </p>
      <p class="rc-detail">
        <span class="rc-detail-lead">What Kubelab says</span>
        {sentence(detail)}
      </p>
    </div>
  );
}

/** Whether `element` is laid out (its tab of the side column is open) and the page is visible. */
function useShown(element: RefObject<HTMLElement | null>): ReadonlySignal<boolean> {
  const laidOut = useSignal(false);
  const visible = useSignal(document.visibilityState !== 'hidden');
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    // A hidden tab panel is display: none, so its size changes as it is shown and hidden.
    const observer = new ResizeObserver(() => (laidOut.value = target.getClientRects().length > 0));
    observer.observe(target);
    const onVisibility = () => (visible.value = document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return useComputed(() => laidOut.value && visible.value);
}
