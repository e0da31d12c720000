/** What "Check my work" found: each visible check passed or not yet with its message, the total, and the hidden checks counted. */
import type { CheckOutcome } from '../api.ts';
import { sentence } from '../problem-text.ts';

/** "7 of 9 points", and how many checks pass, in one line a screen reader can say. */
export function scoreLine(outcome: CheckOutcome): string {
  const passed = outcome.checks.filter((c) => c.passed).length;
  return `${outcome.score} of ${outcome.maxScore} points: ${passed === outcome.checks.length ? `every check passes` : `${passed} of ${outcome.checks.length} ${outcome.checks.length === 1 ? 'check passes' : 'checks pass'}`}.`;
}

export function CheckResults({ outcome }: { outcome: CheckOutcome }) {
  return (
    <div class={`results ${outcome.status}`}>
      <p class="results-total">
        <strong>{outcome.status === 'passed' ? 'Well done! ' : ''}</strong>
        {scoreLine(outcome)}
      </p>
      <ul class="result-list">
        {outcome.checks.map((check) => (
          <li key={check.id} class={check.passed ? 'pass' : 'fail'}>
            <span class="result-mark" aria-hidden="true">
              {check.passed ? '✓' : '•'}
            </span>
            <div class="result-body">
              <p class="result-title">
                <span class="visually-hidden">{check.passed ? 'Passed: ' : 'Not yet: '}</span>
                {check.title}
              </p>
              <p class="result-message">{sentence(check.message)}</p>
            </div>
            <span class="result-points">
              {check.points}/{check.maxPoints}
            </span>
          </li>
        ))}
      </ul>
      <p class="checked-at">Checked at {new Date(outcome.gradedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.</p>
      {outcome.hiddenChecks > 0 && (
        <p class="hidden-note">
          {outcome.hiddenChecks === 1 ? '1 check is hidden and graded by your instructor.' : `${outcome.hiddenChecks} checks are hidden and graded by your instructor.`}
        </p>
      )}
    </div>
  );
}
