/**
 * Answer checks for the recap questions: multiple choice (pick exactly the right options) and
 * short answer (compared case-insensitively with spaces collapsed, or read from the learner's own
 * cluster, e.g. "which node runs the scheduler?"). Messages never give the answer away.
 */
import type { Cluster } from '#core/cluster.ts';
import type { Answers } from '../ports.ts';
import type { Check } from './exercise-schema.ts';
import { selectObjects } from './expressions.ts';
import { parsePath, valuesAt } from './paths.ts';

/** What one answer check found. */
export interface AnswerFinding {
  readonly passed: boolean;
  readonly message: string;
}

type AnswerCheck = Extract<Check, { type: 'multipleChoice' | 'shortAnswer' }>;

/** Evaluates an answer check against the learner's stored answers (and cluster, for acceptFrom). */
export function evaluateAnswerCheck(check: AnswerCheck, answers: Answers, cluster: Cluster): AnswerFinding {
  const given = answers[check.id];
  if (given === undefined || (Array.isArray(given) && given.length === 0)) return { passed: false, message: 'not answered yet' };
  if (check.type === 'multipleChoice') {
    const chosen = new Set(typeof given === 'string' ? [given] : given);
    const correct = new Set(check.correct);
    const right = chosen.size === correct.size && [...correct].every((id) => chosen.has(id));
    if (right) return { passed: true, message: 'right' };
    const unknown = [...chosen].filter((id) => !check.options.some((o) => o.id === id));
    if (unknown.length > 0) return { passed: false, message: `${unknown.map((u) => `"${u}"`).join(', ')} is not one of the options` };
    return { passed: false, message: correct.size > 1 ? 'not right yet: choose every option that applies, and only those' : 'not right yet' };
  }
  const text = typeof given === 'string' ? given : given.join(' ');
  const accepted = new Set(check.accept.map(normalize));
  if (check.acceptFrom) {
    const parsed = parsePath(check.acceptFrom.path);
    const objects = parsed.ok ? selectObjects(cluster.etcd, check.acceptFrom.select) : [];
    for (const object of objects) for (const value of parsed.ok ? valuesAt(object, parsed.steps) : []) accepted.add(normalize(String(value)));
  }
  if (accepted.has(normalize(text))) return { passed: true, message: 'right' };
  return { passed: false, message: `"${text.slice(0, 100)}" is not the answer; look again` };
}

/** Lowercase, trimmed, inner whitespace collapsed, surrounding quotes and a final full stop dropped. */
export function normalize(answer: string): string {
  return answer.trim().replace(/\.$/, '').replace(/^["'`]+|["'`]+$/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}
