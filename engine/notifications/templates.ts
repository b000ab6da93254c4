/**
 * Notification templates: a subject and a text body per event type with `{{placeholder}}` fields.
 * A template is checked when it is saved (every placeholder must be one its event type supplies, every
 * `{{` closed), so a notification never fails to render later. Values fill the text as they are; the
 * HTML part of an email escapes them, and a subject takes no line breaks (no header injection).
 */
import type { NotificationEventType } from '../store/ports/notification-records.js';
import { NotificationError } from './notification-errors.js';

/** Placeholders every event type supplies. */
const COMMON = ['eventType', 'tenant', 'at'] as const;

/** The placeholders each event type supplies, beside {@link COMMON}. */
export const EVENT_PLACEHOLDERS: Readonly<Record<NotificationEventType, readonly string[]>> = {
  'deploy.succeeded': ['jobId', 'kind', 'title', 'environment', 'status'],
  'deploy.failed': ['jobId', 'kind', 'title', 'environment', 'status', 'error'],
  'approval.requested': ['approvalId', 'title', 'environment', 'requestedBy', 'expiresAt', 'url'],
  'approval.decided': ['approvalId', 'title', 'environment', 'decision', 'decidedBy', 'comment', 'url'],
  'approval.expiring': ['approvalId', 'title', 'environment', 'expiresAt', 'url'],
  'drift.found': ['deploymentId', 'label', 'environment', 'jobId'],
  'stack.state_changed': ['instanceId', 'instance', 'environment', 'from', 'to', 'reason'],
  'notification.dead_letter': ['notificationId', 'failedEventType', 'channel', 'recipient', 'attempts', 'error'],
};

/** The template each event type uses until a tenant saves its own. */
export const DEFAULT_TEMPLATES: Readonly<Record<NotificationEventType, { subject: string; body: string }>> = {
  'deploy.succeeded': { subject: 'Deployed: {{title}}', body: '{{title}} succeeded in {{environment}} at {{at}}.\nJob: {{jobId}}' },
  'deploy.failed': {
    subject: 'Deploy failed: {{title}}',
    body: '{{title}} failed in {{environment}} at {{at}}.\nError: {{error}}\nJob: {{jobId}}',
  },
  'approval.requested': {
    subject: 'Approval requested: {{title}}',
    body: '{{requestedBy}} asks for approval of {{title}} in {{environment}}.\nExpires: {{expiresAt}}\n{{url}}',
  },
  'approval.decided': {
    subject: 'Approval {{decision}}: {{title}}',
    body: '{{decidedBy}} {{decision}} {{title}} in {{environment}}.\n{{comment}}\n{{url}}',
  },
  'approval.expiring': {
    subject: 'Approval expiring: {{title}}',
    body: 'The approval of {{title}} in {{environment}} expires at {{expiresAt}}.\n{{url}}',
  },
  'drift.found': { subject: 'Drift found: {{label}}', body: 'A drift check found drift in {{label}} ({{environment}}) at {{at}}.' },
  'stack.state_changed': {
    subject: 'Stack {{instance}}: {{to}}',
    body: 'Stack instance {{instance}} in {{environment}} went from {{from}} to {{to}} at {{at}}.\n{{reason}}',
  },
  'notification.dead_letter': {
    subject: 'Notification undeliverable: {{failedEventType}}',
    body: 'A {{failedEventType}} notification to {{recipient}} over {{channel}} failed {{attempts}} times and is now a dead letter.\nLast error: {{error}}\nRetry or discard it: nimbus dlq list',
  },
};

/** Longest subject and body a template may have. */
export const TEMPLATE_LIMITS = { subject: 200, body: 10_000 } as const;

/** Values for the placeholders; absent ones render empty. */
export type TemplateValues = Record<string, string | number | boolean | null | undefined>;

type Piece = { text: string } | { field: string };

/** Splits a template into text and fields, or says exactly what is wrong and where. */
function parse(template: string, part: 'subject' | 'body', eventType: NotificationEventType): Piece[] {
  const allowed = new Set<string>([...COMMON, ...EVENT_PLACEHOLDERS[eventType]]);
  const pieces: Piece[] = [];
  let rest = 0;
  for (;;) {
    const open = template.indexOf('{{', rest);
    const strayClose = template.indexOf('}}', rest);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      throw new NotificationError('invalid_template', `The ${part} has a "}}" without "{{" at character ${strayClose + 1}`, {
        part,
        position: strayClose,
      });
    }
    if (open === -1) break;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) {
      throw new NotificationError('invalid_template', `The ${part} has a "{{" that is never closed, at character ${open + 1}`, {
        part,
        position: open,
      });
    }
    if (open > rest) pieces.push({ text: template.slice(rest, open) });
    const name = template.slice(open + 2, close).trim();
    if (!allowed.has(name)) {
      throw new NotificationError(
        'invalid_template',
        `The ${part} names an unknown placeholder {{${name.slice(0, 60)}}}; ${eventType} offers ${[...allowed].map((p) => `{{${p}}}`).join(', ')}`,
        { part, placeholder: name.slice(0, 60), allowed: [...allowed] },
      );
    }
    pieces.push({ field: name });
    rest = close + 2;
  }
  if (rest < template.length) pieces.push({ text: template.slice(rest) });
  return pieces;
}

/** Checks a template before it is saved: length, no line break in the subject, only known placeholders. */
export function validateTemplate(eventType: NotificationEventType, subject: string, body: string): void {
  if (subject.trim() === '') throw new NotificationError('invalid_template', 'The subject is empty', { part: 'subject' });
  if (body.trim() === '') throw new NotificationError('invalid_template', 'The body is empty', { part: 'body' });
  if (subject.length > TEMPLATE_LIMITS.subject)
    throw new NotificationError('invalid_template', `The subject is longer than ${TEMPLATE_LIMITS.subject} characters`, {
      part: 'subject',
    });
  if (body.length > TEMPLATE_LIMITS.body)
    throw new NotificationError('invalid_template', `The body is longer than ${TEMPLATE_LIMITS.body} characters`, { part: 'body' });
  if (/[\r\n]/.test(subject)) throw new NotificationError('invalid_template', 'The subject must be one line', { part: 'subject' });
  parse(subject, 'subject', eventType);
  parse(body, 'body', eventType);
}

function valueText(value: TemplateValues[string]): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A rendered notification: one-line subject, text body, and the body as HTML with every value escaped. */
export interface RenderedNotification {
  subject: string;
  body: string;
}

/** Fills a (validated) template with values. */
export function renderTemplate(
  eventType: NotificationEventType,
  template: { subject: string; body: string },
  values: TemplateValues,
): RenderedNotification {
  const fill = (pieces: Piece[], clean: (text: string) => string) =>
    pieces.map((piece) => ('text' in piece ? piece.text : clean(valueText(values[piece.field])))).join('');
  return {
    subject: fill(parse(template.subject, 'subject', eventType), (text) => text.replace(/[\r\n\t]+/g, ' ')).slice(0, 500),
    body: fill(parse(template.body, 'body', eventType), (text) => text),
  };
}

/** Escapes text for HTML (element content and quoted attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The HTML part of an email: the rendered text, escaped as a whole. The template is plain text, so
 * escaping the result escapes every value in it; nothing in a value can become markup.
 */
export function htmlBody(body: string): string {
  return `<!doctype html><html><body><pre style="font-family: sans-serif; white-space: pre-wrap">${escapeHtml(body)}</pre></body></html>`;
}
