/**
 * Real receivers on loopback for the notification tests: an SMTP server (smtp-server, messages parsed
 * with mailparser) and an HTTP server taking webhooks. Both record what reached them and can be told
 * to refuse, so tests check retries and dead letters against the real protocols.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as the SMTP server received it. */
export interface ReceivedEmail {
  /** The envelope recipients (RCPT TO), which is who the message was actually sent to. */
  recipients: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** The user name the client authenticated with, if any. */
  user: string | null;
}

/** An SMTP server on 127.0.0.1 without TLS; with `credentials`, it accepts only that login. */
export async function startSmtpReceiver(options: { credentials?: { user: string; password: string } } = {}) {
  const messages: ReceivedEmail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.credentials && auth.username === options.credentials.user && auth.password === options.credentials.password) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (refusing) {
            callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 450 }));
            return;
          }
          messages.push({
            recipients: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            user: typeof session.user === 'string' ? session.user : null,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    /** Refuse (450) every message from now on, or accept again. */
    refuse(on: boolean) {
      refusing = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One webhook request as the HTTP receiver got it. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP server on 127.0.0.1 that takes webhooks. `status` decides each answer from the number of
 * the request (1-based): 200 by default. Only requests answered 2xx count as deliveries.
 */
export async function startWebhookReceiver(options: { status?: (request: number) => number } = {}) {
  const deliveries: ReceivedWebhook[] = [];
  let requests = 0;
  let status = options.status ?? (() => 200);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      const code = status(requests);
      if (code >= 200 && code < 300) deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(code, { 'content-type': 'text/plain' }).end(code < 300 ? 'ok' : 'receiver is down');
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/nimbus`,
    deliveries,
    /** How many requests arrived, answered or refused. */
    requests: () => requests,
    /** Changes how later requests are answered. */
    answer(next: (request: number) => number) {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
