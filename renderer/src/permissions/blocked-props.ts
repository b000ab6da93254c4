/**
 * The props of a button whose action the signed-in user may not take: disabled, with the reason as
 * its tooltip (and so its accessible description). `own` keeps the button's other reasons to be
 * disabled and its usual tooltip.
 */
export function blockedProps(
  reason: string | null,
  own: { disabled?: boolean; title?: string } = {},
): { disabled: boolean; title: string | undefined; 'data-blocked-reason': string | undefined } {
  return {
    disabled: reason !== null || own.disabled === true,
    title: reason ?? own.title,
    'data-blocked-reason': reason ?? undefined,
  };
}
