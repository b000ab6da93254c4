/**
 * How a value that exists only once something is deployed (an upstream output, a secret generated
 * on deploy) reads wherever a plan is shown: the planner's plan panel and inspector, the deploy
 * wizard's preview and the CLI's `plan` and `preview`. The engine marks such values with
 * `pending: true` (a resolved value) or `pending: true` on a plan change; this module turns the marker
 * into words, once for the engine's CLI and the renderer alike.
 */
export const KNOWN_AFTER_DEPLOY = 'known after deploy';

/** What a planned value reads as: the wording above when it is pending, else the value as `format` writes it. */
export function previewValueText(pending: boolean | undefined, value: unknown, format: (value: unknown) => string): string {
  return pending ? KNOWN_AFTER_DEPLOY : format(value);
}
