/**
 * The exercise's questions answered in the page: a choice per option (radio buttons, or checkboxes
 * when more than one option is right) or a text field, each saying whether its answer is saved.
 */
import type { ExerciseCheck } from '../api.ts';
import { sameAnswer, type AnswerSheet } from './answers.ts';
import { InlineMarkdown } from './inline-markdown.tsx';

export function Questions({ checks, sheet }: { checks: readonly ExerciseCheck[]; sheet: AnswerSheet }) {
  const questions = checks.filter((c) => c.question);
  if (questions.length === 0) return null;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void sheet.save();
  };
  const pending = sheet.pending.value.length;
  return (
    <section class="ex-section" aria-labelledby="questions-title">
      <h3 id="questions-title">{questions.length === 1 ? 'Question' : 'Questions'}</h3>
      <form class="questions" onSubmit={onSubmit}>
        {questions.map((check) => (
          <Question key={check.id} check={check} sheet={sheet} />
        ))}
        <div class="button-row">
          <button type="submit" class="secondary small" disabled={sheet.saving.value}>
            {sheet.saving.value && <span class="spinner" aria-hidden="true" />}
            {questions.length === 1 ? 'Save answer' : 'Save answers'}
          </button>
          <p class="save-note" role="status">
            {sheet.saving.value ? 'Saving…' : pending > 0 ? `${pending} not saved yet` : sheet.note.value}
          </p>
        </div>
        {sheet.error.value && (
          <p class="panel-error" role="alert">
            {sheet.error.value}
          </p>
        )}
      </form>
    </section>
  );
}

function Question({ check, sheet }: { check: ExerciseCheck; sheet: AnswerSheet }) {
  const draft = sheet.drafts.value[check.id];
  const saved = sheet.saved.value[check.id];
  const state = saved !== undefined && sameAnswer(draft, saved) ? 'saved' : draft !== undefined && !sameAnswer(draft, saved) ? 'changed' : 'empty';
  const stateText = { saved: '✓ Saved', changed: 'Not saved yet', empty: '' }[state];
  const name = `answer-${check.id}`;
  const points = `${check.points} ${check.points === 1 ? 'point' : 'points'}`;
  if (!check.options) {
    return (
      <div class="question">
        <label for={name} class="question-text">
          <InlineMarkdown text={check.question ?? check.title} />
        </label>
        <input
          id={name}
          class="answer-input"
          type="text"
          autoComplete="off"
          spellcheck={false}
          maxLength={300}
          value={typeof draft === 'string' ? draft : ''}
          onInput={(event) => sheet.set(check.id, (event.currentTarget as HTMLInputElement).value)}
          aria-describedby={`${name}-state`}
        />
        <p class="question-meta" id={`${name}-state`}>
          <span class={`answer-state ${state}`}>{stateText}</span>
          <span>{points}</span>
        </p>
      </div>
    );
  }
  const chosen = draft === undefined ? [] : typeof draft === 'string' ? [draft] : draft;
  const toggle = (optionId: string, on: boolean) => {
    if (!check.multiple) return sheet.set(check.id, optionId);
    sheet.set(check.id, on ? [...chosen.filter((id) => id !== optionId), optionId] : chosen.filter((id) => id !== optionId));
  };
  return (
    <fieldset class="question" aria-describedby={`${name}-state`}>
      <legend class="question-text">
        <InlineMarkdown text={check.question ?? check.title} />
        {check.multiple && !/choose (every|all)|all that apply/i.test(check.question ?? '') && <span class="muted"> (choose every one that applies)</span>}
      </legend>
      {check.options.map((option) => (
        <label key={option.id} class="option">
          <input
            type={check.multiple ? 'checkbox' : 'radio'}
            name={name}
            value={option.id}
            checked={chosen.includes(option.id)}
            onChange={(event) => toggle(option.id, (event.currentTarget as HTMLInputElement).checked)}
          />
          <span>{option.text}</span>
        </label>
      ))}
      <p class="question-meta" id={`${name}-state`}>
        <span class={`answer-state ${state}`}>{stateText}</span>
        <span>{points}</span>
      </p>
    </fieldset>
  );
}
