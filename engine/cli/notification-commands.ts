/**
 * The notification gateway from the command line: the tenant's notifications and dead letters
 * (`nimbus notifications`, `nimbus dlq`), channels, subscriptions and templates (`nimbus notify`).
 * A webhook's signing secret is printed once, when its channel is added; an SMTP password is read
 * from NIMBUS_SMTP_PASSWORD or asked without echo, never taken as an argument.
 */
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from '../common/notification-events.js';
import { NimbusError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';
import { arg, call, emit, integer, readText, required, str, type Command, type CommandContext } from './command-support.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';

const when = (time: string | null) => (time ? time.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

const STATUSES = ['pending', 'processing', 'sent', 'dead', 'discarded'] as const;
const KINDS = ['email', 'webhook', 'in-app'] as const;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, not ${excerpt(value)}`);
  return value as T;
}

function eventType(value: string): NotificationEventType {
  if (!(NOTIFICATION_EVENT_TYPES as readonly string[]).includes(value))
    throw new UsageError(`${excerpt(value)} is not an event type; the event types are: ${NOTIFICATION_EVENT_TYPES.join(', ')}`);
  return value as NotificationEventType;
}

/** Asks before something that cannot be undone, unless --yes; without a terminal, refuses. */
async function confirmed(context: CommandContext, question: string): Promise<boolean> {
  if (context.options.yes === true) return true;
  if (!context.io.confirm)
    throw new NimbusError('confirmation_required', `${question} Nobody can answer here (no terminal): add --yes to go ahead.`, {});
  if (await context.io.confirm(question)) return true;
  context.io.err('Nothing was changed.\n');
  return false;
}

type Listed = {
  id: string;
  eventType: string;
  channelKind: string;
  recipient: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  subject: string;
  readAt: string | null;
};

const notificationTable = (rows: Listed[]) =>
  table(
    ['ID', 'EVENT', 'CHANNEL', 'RECIPIENT', 'STATUS', 'ATTEMPTS', 'CREATED', 'LAST ERROR'],
    rows.map((n) => [
      n.id,
      n.eventType,
      n.channelKind,
      n.recipient ?? '',
      n.status,
      n.attempts,
      when(n.createdAt),
      n.lastError ? excerpt(n.lastError, 60) : '',
    ]),
  );

const NOTIFICATIONS_COMMANDS: Command[] = [
  {
    words: ['notifications', 'list'],
    usage: 'nimbus notifications list [--status S] [--kind email|webhook|in-app] [--limit N] [--json]',
    summary: "The tenant's notifications and their delivery, newest first",
    options: ['status', 'kind', 'limit'],
    async run(context) {
      const status = oneOf(str(context.options, 'status'), STATUSES, 'status');
      const channelKind = oneOf(str(context.options, 'kind'), KINDS, 'kind');
      const limit = integer(str(context.options, 'limit'), 'limit');
      const rows = await call(context.backend, 'listNotifications', {
        ...(status ? { status } : {}),
        ...(channelKind ? { channelKind } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      return emit(context, rows, () => (rows.length ? notificationTable(rows) : 'No notifications.\n'));
    },
  },
  {
    words: ['notifications', 'inbox'],
    usage: 'nimbus notifications inbox [--limit N] [--json]',
    summary: 'Your in-app notifications, newest first (unread marked with *)',
    options: ['limit'],
    async run(context) {
      const limit = integer(str(context.options, 'limit'), 'limit');
      const rows = await call(context.backend, 'listMyNotifications', limit !== undefined ? { limit } : {});
      return emit(context, rows, () =>
        rows.length
          ? table(
              ['', 'ID', 'EVENT', 'SUBJECT', 'AT'],
              rows.map((n) => [n.readAt ? '' : '*', n.id, n.eventType, n.subject, when(n.createdAt)]),
            )
          : 'No notifications. Subscribe with nimbus notify subscribe EVENT --channel in-app.\n',
      );
    },
  },
  {
    words: ['notifications', 'read'],
    usage: 'nimbus notifications read (ID… | --all)',
    summary: 'Mark your in-app notifications read',
    options: ['all'],
    async run(context) {
      const all = context.options.all === true;
      if (all === context.args.length > 0) throw new UsageError('give notification ids, or --all (not both)');
      const { marked } = await call(context.backend, 'markNotificationsRead', all ? { all: true } : { ids: context.args });
      return emit(context, { marked }, () => `Marked ${marked} notification${marked === 1 ? '' : 's'} read.\n`);
    },
  },
];

const DLQ_COMMANDS: Command[] = [
  {
    words: ['dlq', 'list'],
    usage: 'nimbus dlq list [--limit N] [--json]',
    summary: 'Dead letters: notifications that failed every attempt, with their last error',
    options: ['limit'],
    async run(context) {
      const limit = integer(str(context.options, 'limit'), 'limit');
      const rows = await call(context.backend, 'listDeadLetters', limit !== undefined ? { limit } : {});
      return emit(context, rows, () => (rows.length ? notificationTable(rows) : 'No dead letters.\n'));
    },
  },
  {
    words: ['dlq', 'retry'],
    usage: 'nimbus dlq retry ID',
    summary: 'Send a dead letter again (its attempts start over)',
    options: [],
    async run(context) {
      const id = arg(context.args, 0, 'the id of the dead letter (nimbus dlq list)');
      const row = await call(context.backend, 'retryDeadLetter', { id });
      return emit(context, row, () => `Notification ${row.id} is queued again; workers send it shortly.\n`);
    },
  },
  {
    words: ['dlq', 'discard'],
    usage: 'nimbus dlq discard ID [--yes]',
    summary: 'Give up on a dead letter: kept as discarded, never sent (asks first)',
    options: ['yes'],
    async run(context) {
      const id = arg(context.args, 0, 'the id of the dead letter (nimbus dlq list)');
      if (!(await confirmed(context, `Discard dead letter ${id}? It will never be sent.`))) return 1;
      const row = await call(context.backend, 'discardDeadLetter', { id });
      return emit(context, row, () => `Discarded notification ${row.id}; it stays listed as discarded.\n`);
    },
  },
];

/** The SMTP password: NIMBUS_SMTP_PASSWORD, else asked without echo on a terminal; none when there is no SMTP user. */
async function smtpPassword(context: CommandContext, user: string | undefined): Promise<string | undefined> {
  if (user === undefined) return undefined;
  const fromEnv = context.env.NIMBUS_SMTP_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!context.io.secret) throw new UsageError('--smtp-user needs a password: set NIMBUS_SMTP_PASSWORD (it is never taken as an argument)');
  const given = await context.io.secret(`SMTP password for ${user}: `);
  if (given === '') throw new UsageError(`no SMTP password given for ${user}: set NIMBUS_SMTP_PASSWORD, or type it when asked`);
  return given;
}

const NOTIFY_COMMANDS: Command[] = [
  {
    words: ['notify', 'channel', 'add'],
    usage:
      'nimbus notify channel add NAME (--webhook URL | --smtp-host HOST --from ADDRESS [--smtp-port N] [--tls none|starttls|tls] [--smtp-user USER])',
    summary: 'Add a webhook channel (its signing secret is printed once) or an email channel (password from NIMBUS_SMTP_PASSWORD or asked)',
    options: ['webhook', 'smtp-host', 'smtp-port', 'tls', 'from', 'smtp-user'],
    async run(context) {
      const name = arg(context.args, 0, 'the channel name');
      const url = str(context.options, 'webhook');
      const host = str(context.options, 'smtp-host');
      if ((url === undefined) === (host === undefined)) throw new UsageError('give either --webhook URL or --smtp-host HOST');
      if (url !== undefined) {
        const created = await call(context.backend, 'createNotificationChannel', { name, webhook: { url } });
        return emit(
          context,
          created,
          () =>
            `Added webhook channel ${created.channel.name} (${created.channel.webhook?.url}).\nSigning secret (shown once; the receiver verifies X-Nimbus-Signature with it):\n${created.signingSecret}\n`,
        );
      }
      const user = str(context.options, 'smtp-user');
      const password = await smtpPassword(context, user);
      const port = integer(str(context.options, 'smtp-port'), 'smtp-port');
      const tls = oneOf(str(context.options, 'tls'), ['none', 'starttls', 'tls'] as const, 'tls') ?? (port === 465 ? 'tls' : 'starttls');
      const created = await call(context.backend, 'createNotificationChannel', {
        name,
        email: {
          host: host!,
          port: port ?? (tls === 'tls' ? 465 : 587),
          tls,
          from: required(context.options, 'from'),
          ...(user !== undefined ? { username: user } : {}),
          ...(password !== undefined ? { password } : {}),
        },
      });
      const email = created.channel.email!;
      return emit(
        context,
        created,
        () => `Added email channel ${created.channel.name} (${email.host}:${email.port}, ${email.tls}, from ${email.from}).\n`,
      );
    },
  },
  {
    words: ['notify', 'channel', 'list'],
    usage: 'nimbus notify channel list [--json]',
    summary: "The tenant's notification channels (never their secrets)",
    options: [],
    async run(context) {
      const channels = await call(context.backend, 'listNotificationChannels', {});
      return emit(context, channels, () =>
        channels.length
          ? table(
              ['NAME', 'KIND', 'WHERE', 'CREATED BY'],
              channels.map((c) => [
                c.name,
                c.kind,
                c.webhook ? c.webhook.url : c.email ? `${c.email.host}:${c.email.port} (${c.email.tls}) from ${c.email.from}` : '',
                c.createdBy,
              ]),
            )
          : 'No channels (the in-app channel is always there). Add one with nimbus notify channel add NAME --webhook URL.\n',
      );
    },
  },
  {
    words: ['notify', 'channel', 'remove'],
    usage: 'nimbus notify channel remove NAME [--yes]',
    summary: 'Remove a channel with its subscriptions and secret (asks first)',
    options: ['yes'],
    async run(context) {
      const channel = arg(context.args, 0, 'the channel name');
      if (!(await confirmed(context, `Remove channel ${channel} and every subscription on it?`))) return 1;
      const removed = await call(context.backend, 'removeNotificationChannel', { channel });
      return emit(context, removed, () => `Removed channel ${removed.name} and its subscriptions.\n`);
    },
  },
  {
    words: ['notify', 'subscribe'],
    usage: 'nimbus notify subscribe EVENT [--channel NAME|in-app] [--to ADDRESS] [--env ENV]',
    summary: `Subscribe to an event (${NOTIFICATION_EVENT_TYPES.join(', ')}): yourself in-app by default, an address on an email channel, or a webhook`,
    options: ['channel', 'to', 'env'],
    async run(context) {
      const type = eventType(arg(context.args, 0, `the event type (${NOTIFICATION_EVENT_TYPES.join(', ')})`));
      const to = str(context.options, 'to');
      const environment = str(context.options, 'env');
      const channel = str(context.options, 'channel') ?? 'in-app';
      const subscription = await call(context.backend, 'subscribeNotifications', {
        eventType: type,
        channel,
        ...(to !== undefined ? { recipient: to } : {}),
        ...(environment !== undefined ? { environment } : {}),
      });
      return emit(
        context,
        subscription,
        () =>
          `Subscribed (id ${subscription.id}): ${type}${environment ? ` in ${environment}` : ''} on ${channel}${subscription.recipient ? ` to ${subscription.recipient}` : ''}.\n`,
      );
    },
  },
  {
    words: ['notify', 'unsubscribe'],
    usage: 'nimbus notify unsubscribe ID',
    summary: 'Remove a subscription (nimbus notify subscriptions lists their ids)',
    options: [],
    async run(context) {
      const id = arg(context.args, 0, 'the subscription id');
      const removed = await call(context.backend, 'unsubscribeNotifications', { id });
      return emit(context, removed, () => `Unsubscribed ${removed.id} (${removed.eventType}).\n`);
    },
  },
  {
    words: ['notify', 'subscriptions'],
    usage: 'nimbus notify subscriptions [--json]',
    summary: 'Who hears about what (yours, or every one of the tenant with notification:manage)',
    options: [],
    async run(context) {
      const [subscriptions, channels] = await Promise.all([
        call(context.backend, 'listNotificationSubscriptions', {}),
        call(context.backend, 'listNotificationChannels', {}).catch(() => []),
      ]);
      const names = new Map(channels.map((c) => [c.id, c.name]));
      return emit(context, subscriptions, () =>
        subscriptions.length
          ? table(
              ['ID', 'EVENT', 'CHANNEL', 'RECIPIENT', 'ENVIRONMENT'],
              subscriptions.map((s) => [
                s.id,
                s.eventType,
                names.get(s.channelId) ?? s.channelId,
                s.recipient ?? '',
                s.environment ?? 'any',
              ]),
            )
          : 'No subscriptions. Add one with nimbus notify subscribe EVENT.\n',
      );
    },
  },
  {
    words: ['notify', 'template', 'set'],
    usage: 'nimbus notify template set EVENT --subject TEXT (--body TEXT | --body-file FILE)',
    summary: 'Set the subject and body of an event type’s notifications ({{placeholders}} are checked)',
    options: ['subject', 'body', 'body-file'],
    async run(context) {
      const type = eventType(arg(context.args, 0, 'the event type'));
      const file = str(context.options, 'body-file');
      const body = file !== undefined ? readText(file) : required(context.options, 'body');
      const saved = await call(context.backend, 'saveNotificationTemplate', {
        eventType: type,
        subject: required(context.options, 'subject'),
        body,
      });
      return emit(context, saved, () => `Saved the ${type} template.\n`);
    },
  },
  {
    words: ['notify', 'test'],
    usage: 'nimbus notify test EVENT [--env ENV]',
    summary: 'Send a test notification of an event type to everyone subscribed to it (webhooks see data.test: true)',
    options: ['env'],
    async run(context) {
      const type = eventType(arg(context.args, 0, `the event type (${NOTIFICATION_EVENT_TYPES.join(', ')})`));
      const environment = str(context.options, 'env');
      const sent = await call(context.backend, 'sendTestNotification', {
        eventType: type,
        ...(environment !== undefined ? { environment } : {}),
      });
      return emit(context, sent, () =>
        sent.queued === 0
          ? `Nobody is subscribed to ${type}${environment ? ` in ${environment}` : ''}: nothing was sent (nimbus notify subscribe ${type}).\n`
          : `Queued ${sent.queued} test notification${sent.queued === 1 ? '' : 's'} of ${type}; nimbus notifications list shows their delivery.\n`,
      );
    },
  },
  {
    words: ['notify', 'template', 'list'],
    usage: 'nimbus notify template list [--json]',
    summary: 'The subject and body template of every event type, with the placeholders they use',
    options: [],
    async run(context) {
      const templates = await call(context.backend, 'listNotificationTemplates', {});
      return emit(context, templates, () =>
        templates
          .map((t) => `${t.eventType}${t.custom ? '' : ' (default)'}\n  Subject: ${t.subject}\n  ${t.body.replaceAll('\n', '\n  ')}\n`)
          .join('\n'),
      );
    },
  },
];

/** Every notification command. */
export const NOTIFICATION_COMMANDS: Command[] = [...NOTIFICATIONS_COMMANDS, ...DLQ_COMMANDS, ...NOTIFY_COMMANDS];
