/**
 * The one module that talks to nodemailer: sends one email over SMTP with the channel's settings.
 * Everything else in the gateway sees only {@link sendEmail}.
 */
import nodemailer from 'nodemailer';
import type { EmailChannelConfig } from '../store/ports/notification-records.js';

/** One email to send. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A stable id for the message (the notification's), so a receiving system can tell repeats apart. */
  messageId: string;
}

/** How long one SMTP conversation may take at most, by stage. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/**
 * Sends one email; rejects with the SMTP server's answer when it is refused. `tls`: `tls` connects
 * over TLS, `starttls` requires the upgrade (refusing a server that does not offer it), `none` sends
 * in the clear (a relay on the same host or network).
 */
export async function sendEmail(config: EmailChannelConfig, password: string | null, email: OutgoingEmail): Promise<void> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.tls === 'tls',
    requireTLS: config.tls === 'starttls',
    ignoreTLS: config.tls === 'none',
    ...(config.username ? { auth: { user: config.username, pass: password ?? '' } } : {}),
    ...TIMEOUTS,
  });
  try {
    await transport.sendMail({
      from: config.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<${email.messageId}@nimbus.notifications>`,
    });
  } finally {
    transport.close();
  }
}
