/** An API refusal in words for the learner: what happened, then the API's own detail. */
import { ApiError } from './api.ts';

// The API's details are written for people; these say what they mean for the learner where they do not.
const LEADS: Readonly<Record<string, string>> = {
  unauthenticated: 'That token does not sign you in.',
  validation: 'Please check the form.',
};

/** A sentence with a capital and a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** What to show for an error: a lead by problem type (if one fits) and the detail. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
  const lead = LEADS[error.type] ?? (error.status === 401 ? LEADS['unauthenticated'] : undefined);
  return lead ? `${lead} ${sentence(error.detail)}` : sentence(error.detail);
}
