import { previewValueText } from '../../../engine/common/preview-value';

const MAX_LENGTH = 120;

/**
 * A parameter value as one line of text: strings as they are (an empty one as ""), everything else as
 * compact JSON, cut short with an ellipsis so a long list cannot stretch a table.
 */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value === '' ? '""' : value;
  else if (value === undefined) text = '—';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

export { KNOWN_AFTER_DEPLOY } from '../../../engine/common/preview-value';

/** A planned value (plan panel, inspector, deploy preview): the shared wording when it is known only after deploy. */
export function formatPlannedValue(pending: boolean | undefined, value: unknown): string {
  return previewValueText(pending, value, formatValue);
}
