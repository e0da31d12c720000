/**
 * Labels and selectors as the printers write them: labels.FormatLabels for maps (`app=web,tier=db`,
 * `<none>` when empty) and the label selector's String() for LabelSelectors, whose requirements
 * come out sorted by key (`app=web,env in (dev,prod),!legacy`).
 */
import type { LabelSelector } from '../../objects.ts';

/** A label map sorted by key, `<none>` when empty (labels.FormatLabels). */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels?.[key]}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

/** The selector's string form, or undefined when it is not a valid selector. Empty and missing selectors print as "". */
export function selectorText(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) requirements.push({ key, text: `${key}=${value}` });
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (operator === 'Exists') requirements.push({ key, text: key });
    else if (operator === 'DoesNotExist') requirements.push({ key, text: `!${key}` });
    else if ((operator === 'In' || operator === 'NotIn') && values.length > 0)
      requirements.push({ key, text: `${key} ${operator === 'In' ? 'in' : 'notin'} (${[...values].sort().join(',')})` });
    else return undefined;
  }
  return requirements
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: `<none>` for an empty selector, `<error>` for an invalid one. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorText(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}
