/**
 * The app's link to a shared Nimbus server. The desktop's main process and `nimbus serve` host a local
 * engine; once the user connects (Settings → Connect to a Nimbus server), every API call their page
 * makes and every job event it hears go to that server instead, under the session the sign-in gave,
 * until they disconnect: then the local engine answers again, its data as it was. The session token
 * is kept encrypted with the engine's secrets (so a restart stays connected) and never leaves this
 * process: the page sees only the server's address and who signed in.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dispatcher, DispatchResult } from '../api/dispatcher.js';
import type { JobEvent } from '../api/schemas/jobs.js';
import type { ServerConnection } from '../api/schemas/server-connection.js';
import { SERVER_WORK_METHODS } from '../api/schemas/sync.js';
import { MACHINE_METHODS } from '../common/machine-methods.js';
import { isMethodName, type MethodName } from '../common/method-names.js';
import { NimbusError, toWireError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import {
  connectToServer,
  signIn,
  type EventConnectionState,
  type ServerClient,
  type ServerClientOptions,
  type ServerSession,
} from '../remote/server-client.js';
import { normaliseServerUrl } from '../remote/server-url.js';
import type { SecretService } from '../resolvers/secret/secret-service.js';
import type { SyncConnection, SyncOutbox } from '../sync/sync-outbox.js';

/** Answers that mean the server cannot be reached (or cannot serve) now. */
const OFFLINE_CODES: ReadonlySet<string> = new Set(['server_unreachable', 'service_unavailable']);
const SERVER_WORK: ReadonlySet<string> = new Set(SERVER_WORK_METHODS);

/** Work only the server does, asked for while it cannot be reached: nothing started, and what the user can do. */
function offlineWork(method: string, url: string, cause: NimbusError): NimbusError {
  return new NimbusError(
    'server_unreachable',
    `${method} runs on the Nimbus server at ${url}, which cannot be reached now (${cause.message}). Nothing was started, and your designs stay on this desktop. Ask again once the server is back, or queue it to start then (queueForServer; nimbus sync status shows what waits).`,
    { ...cause.details, url, method, queueable: true },
    { cause },
  );
}

/** Calls `method`, waiting out short rate-limit pauses the server asks for (see {@link RATE_LIMITED_TRIES}). */
async function callPatiently(client: ServerClient, method: MethodName, input: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.call(method, (input ?? {}) as never);
    } catch (error) {
      const seconds = error instanceof NimbusError && error.code === 'rate_limited' ? Number(error.details.retryAfterSeconds) : NaN;
      if (attempt >= RATE_LIMITED_TRIES || !(seconds > 0 && seconds <= RATE_LIMITED_LONGEST_WAIT_S)) throw error;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}

/** The data directory's record of the link (address, names, and where the encrypted token is). */
export const SERVER_LINK_FILE = 'server-connection.json';

/** Methods the local engine answers even while connected (see common/machine-methods.ts). */
const LOCAL_METHODS: ReadonlySet<MethodName> = MACHINE_METHODS;

/**
 * Changes to the server's authority (addresses, published versions) that go through the outbox
 * while connected: sent with an idempotency key, and kept to be sent again when the server cannot
 * be reached, instead of being lost with a failed call.
 */
export const QUEUED_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['allocateIp', 'publishComponent', 'publishStack']);

/**
 * A call the server refused as one too many (its per-user rate limit, which this desktop's own
 * background work shares: the replica's walk, document pushes) waits the pause the server asks for
 * and is sent again, this many times at most, when the pause is short: the person gets an answer a
 * little later rather than an error.
 */
const RATE_LIMITED_TRIES = 3;
const RATE_LIMITED_LONGEST_WAIT_S = 5;

/** How long a queued change's caller waits for the server's answer before hearing that it waits in the outbox. */
const QUEUED_ANSWER_WAIT_MS = 30_000;

const SECRET_SCOPE = 'server-connection';
const SECRET_OWNER = 'server-connection';

/** What the link keeps on disk: never the token itself, only the reference to its encrypted copy. */
interface SavedLink {
  url: string;
  user: string;
  tenant: string;
  connectedAt: string;
  token: string;
}

/**
 * The saved session of a data directory's link (the server's address and the token), without opening
 * it, or undefined when there is none that can be used: for `nimbus sync`, which sends the outbox of
 * the desktop that uses the directory without becoming its link.
 */
export async function readSavedLink(dataDir: string, secrets: SecretService): Promise<{ url: string; token: string } | undefined> {
  let saved: SavedLink;
  try {
    saved = JSON.parse(await readFile(path.join(dataDir, SERVER_LINK_FILE), 'utf8')) as SavedLink;
  } catch {
    return undefined;
  }
  if (typeof saved !== 'object' || saved === null || typeof saved.url !== 'string' || typeof saved.token !== 'string') return undefined;
  try {
    return { url: saved.url, token: await secrets.reveal(saved.token) };
  } catch {
    return undefined;
  }
}

/**
 * Which server, tenant and user a data directory's saved link is for, without its token: for reading
 * that session's replica while no link is open (`nimbus sync status`).
 */
export async function readSavedLinkIdentity(dataDir: string): Promise<{ url: string; user: string; tenant: string } | undefined> {
  let saved: SavedLink;
  try {
    saved = JSON.parse(await readFile(path.join(dataDir, SERVER_LINK_FILE), 'utf8')) as SavedLink;
  } catch {
    return undefined;
  }
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { url, user, tenant } = saved;
  return typeof url === 'string' && typeof user === 'string' && typeof tenant === 'string' ? { url, user, tenant } : undefined;
}

/** The server a call goes to: its address, who is signed in there, and the client of it. */
export interface LinkSession {
  url: string;
  user: string;
  tenant: string;
  client: ServerClient;
}

/** One call through the link while connected. */
export interface LinkCall {
  method: MethodName;
  input: unknown;
  session: LinkSession;
}

/**
 * A part of the desktop's offline work that sits on the link (shared documents, the replica of the
 * server's data, offline planning). Each hook is optional; the first interceptor that answers wins.
 */
export interface LinkInterceptor {
  /** Answers a call on this desktop instead of forwarding it (e.g. an edit of a shared document), or undefined to pass it on. */
  before?(call: LinkCall): Promise<DispatchResult | undefined> | DispatchResult | undefined;
  /** Sees every answer the server gave (e.g. to keep it for offline reading); failures here are logged, never the caller's. */
  after?(call: LinkCall, result: unknown): Promise<void> | void;
  /**
   * Answers a call the server could not be reached for (e.g. from the replica), or undefined to let the
   * error stand; a refusal it gives (a clearer error) is used only when no other interceptor answers.
   */
  offline?(call: LinkCall, error: NimbusError): Promise<DispatchResult | undefined> | DispatchResult | undefined;
  /** A session opened (after sign-in or restore) or ended (undefined). */
  sessionChanged?(session: LinkSession | undefined): void;
}

/** How the link reaches the local engine and a server; the remote functions are replaceable in unit tests. */
export interface ServerLinkOptions {
  dataDir: string;
  local: Dispatcher;
  localJobEvents(listener: (event: JobEvent) => void): () => void;
  secrets(): SecretService;
  logger: Logger;
  remote?: {
    signIn(url: string, name: string, password: string): Promise<ServerSession>;
    connect(options: ServerClientOptions): ServerClient;
  };
}

interface Current {
  saved: SavedLink;
  client: ServerClient;
  events: EventConnectionState;
  unsubscribe: () => void;
}

/** Forwards the API to a shared server while connected, to the local engine otherwise. */
export class ServerLink {
  /** The dispatcher the transports call: the local engine's, or the server's while connected. */
  readonly dispatcher: Dispatcher;
  private current: Current | null = null;
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly stopLocal: () => void;
  private readonly file: string;
  private readonly remote: NonNullable<ServerLinkOptions['remote']>;
  private outbox: SyncOutbox | undefined;
  private readonly interceptors: LinkInterceptor[] = [];
  /** Connecting and disconnecting one at a time, so two clicks cannot leave two sessions. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ServerLinkOptions) {
    this.file = path.join(options.dataDir, SERVER_LINK_FILE);
    this.remote = options.remote ?? { signIn: (url, name, password) => signIn(url, name, password), connect: connectToServer };
    this.stopLocal = options.localJobEvents((event) => this.emit(event));
    this.dispatcher = { dispatch: (method, input, call) => this.dispatch(method, input, call) };
  }

  /** Every job event of the backend in use (the local engine's too, so a local job that is still running is heard). */
  onJobEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the changes of {@link QUEUED_METHODS} through `outbox` from now on, and tells it when a session opens. */
  useOutbox(outbox: SyncOutbox): void {
    this.outbox = outbox;
  }

  /** Adds a part of the desktop's offline work (see {@link LinkInterceptor}); it hears the current session at once. */
  intercept(interceptor: LinkInterceptor): () => void {
    this.interceptors.push(interceptor);
    interceptor.sessionChanged?.(this.session());
    return () => {
      const at = this.interceptors.indexOf(interceptor);
      if (at >= 0) this.interceptors.splice(at, 1);
    };
  }

  /** The session calls go to now; undefined while local. */
  session(): LinkSession | undefined {
    const current = this.current;
    if (!current) return undefined;
    const { url, user, tenant } = current.saved;
    return { url, user, tenant, client: current.client };
  }

  /** The server connected to now and the client of it, for the outbox; undefined while local. */
  syncConnection(): SyncConnection | undefined {
    const current = this.current;
    return current ? { url: current.saved.url, client: current.client } : undefined;
  }

  /** Where the API goes now. */
  status(): ServerConnection {
    const current = this.current;
    if (!current) return { status: 'local' };
    const { url, user, tenant, connectedAt } = current.saved;
    return { status: 'connected', url, user, tenant, connectedAt, events: current.events };
  }

  /** Reconnects to the server of the last session (after a restart); a record that cannot be used is dropped, logged. */
  restore(): Promise<void> {
    return this.serially(async () => {
      let saved: SavedLink;
      try {
        saved = JSON.parse(await readFile(this.file, 'utf8')) as SavedLink;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        logFailure(this.options.logger, 'warn', `The server connection record ${this.file} cannot be read; working locally`, error);
        await this.forget();
        return;
      }
      if (typeof saved !== 'object' || saved === null || typeof saved.url !== 'string' || typeof saved.token !== 'string') {
        this.options.logger.warn('internal', `The server connection record ${this.file} is not one Nimbus wrote; working locally`);
        await this.forget();
        return;
      }
      try {
        const token = await this.options.secrets().reveal(saved.token);
        this.open(saved, token);
      } catch (error) {
        logFailure(this.options.logger, 'warn', `The session with ${saved.url} cannot be restored; working locally`, error);
        await this.forget();
      }
    });
  }

  /**
   * Signs in to the server with a name and password and, once it accepted, sends every call there.
   * A failed sign-in changes nothing (still local, or still the previous server).
   */
  connect(input: { url: string; name: string; password: string }): Promise<ServerConnection> {
    return this.serially(async () => {
      const url = normaliseServerUrl(input.url);
      const session = await this.remote.signIn(url, input.name, input.password);
      const client = this.remote.connect({ url, token: session.token });
      let who;
      try {
        who = await client.call('whoAmI', {});
      } catch (error) {
        await client.signOut().catch(() => undefined);
        throw error;
      }
      await client.dispose();
      await this.leave();
      const secrets = this.options.secrets();
      const stored = await secrets.store({ scope: SECRET_SCOPE, name: 'session-token', value: session.token, owner: SECRET_OWNER });
      const saved: SavedLink = {
        url,
        user: who.user.name,
        tenant: who.tenant.name,
        connectedAt: new Date().toISOString(),
        token: stored.reference,
      };
      await writeFile(this.file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
      this.open(saved, session.token);
      return this.status();
    });
  }

  /** Signs out of the server (ending the session there) and returns to the local engine. */
  disconnect(): Promise<ServerConnection> {
    return this.serially(async () => {
      await this.leave();
      return this.status();
    });
  }

  /** Stops forwarding; the link stays recorded, so the next start reconnects. */
  async dispose(): Promise<void> {
    this.stopLocal();
    this.listeners.clear();
    const current = this.current;
    this.current = null;
    if (current) {
      current.unsubscribe();
      await current.client.dispose();
    }
  }

  private open(saved: SavedLink, token: string): void {
    const client = this.remote.connect({ url: saved.url, token });
    const current: Current = { saved, client, events: 'connecting', unsubscribe: () => undefined };
    const stopEvents = client.onJobEvent((event) => {
      if (this.current === current) this.emit(event);
    });
    const stopState = client.onConnectionState((state) => {
      current.events = state;
    });
    current.unsubscribe = () => {
      stopEvents();
      stopState();
    };
    this.current = current;
    this.outbox?.connectionChanged();
    this.sessionChanged();
  }

  private sessionChanged(): void {
    const session = this.session();
    for (const interceptor of [...this.interceptors]) {
      try {
        interceptor.sessionChanged?.(session);
      } catch (error) {
        logFailure(this.options.logger, 'error', 'A part of offline sync failed to follow the server session', error);
      }
    }
  }

  /** Ends the current session, if any: signs out on the server (a server that is gone is logged) and forgets it here. */
  private async leave(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (current) this.sessionChanged();
    if (current) {
      current.unsubscribe();
      await current.client.signOut().catch((error: unknown) => {
        logFailure(
          this.options.logger,
          'warn',
          `Signing out of ${current.saved.url} failed; the session there ends when it expires`,
          error,
        );
      });
    }
    await this.forget();
  }

  /** Drops the record and the encrypted token. */
  private async forget(): Promise<void> {
    await this.options.secrets().releaseOwner(SECRET_OWNER);
    await rm(this.file, { force: true });
  }

  private async dispatch(method: unknown, input: unknown, call?: Parameters<Dispatcher['dispatch']>[2]): Promise<DispatchResult> {
    const current = this.current;
    if (!current || !isMethodName(method) || LOCAL_METHODS.has(method)) return this.options.local.dispatch(method, input, call);
    const session: LinkSession = { url: current.saved.url, user: current.saved.user, tenant: current.saved.tenant, client: current.client };
    const linkCall: LinkCall = { method, input, session };
    try {
      for (const interceptor of [...this.interceptors]) {
        const answer = await interceptor.before?.(linkCall);
        if (answer) return answer;
      }
    } catch (error) {
      if (!(error instanceof NimbusError)) logFailure(this.options.logger, 'error', `Answering ${method} on this desktop failed`, error);
      return { ok: false, error: toWireError(error) };
    }
    if (this.outbox && QUEUED_METHODS.has(method)) return this.sendThroughOutbox(this.outbox, current, method, input);
    try {
      let result: unknown = await callPatiently(current.client, method, input);
      // The server may not know the address it is reached at; the app does.
      if (method === 'getSystemInfo') result = { ...(result as object), backend: { kind: 'server', url: current.saved.url } };
      await this.observe(linkCall, result);
      return { ok: true, result };
    } catch (error) {
      if (!(error instanceof NimbusError))
        logFailure(this.options.logger, 'error', `Forwarding ${method} to ${current.saved.url} failed`, error);
      if (error instanceof NimbusError && OFFLINE_CODES.has(error.code)) {
        // An answer wins; a refusal (a clearer error) stands only when no later interceptor answers.
        let refusal: DispatchResult | undefined;
        for (const interceptor of [...this.interceptors]) {
          const answer = await interceptor.offline?.(linkCall, error);
          if (answer?.ok) return answer;
          refusal ??= answer;
        }
        if (refusal) return refusal;
        if (SERVER_WORK.has(method)) return { ok: false, error: toWireError(offlineWork(method, current.saved.url, error)) };
      }
      return { ok: false, error: toWireError(error) };
    }
  }

  /** Lets every interceptor see a server's answer; their failures are logged, the caller still gets the answer. */
  private async observe(call: LinkCall, result: unknown): Promise<void> {
    for (const interceptor of [...this.interceptors]) {
      try {
        await interceptor.after?.(call, result);
      } catch (error) {
        logFailure(this.options.logger, 'warn', `Keeping the answer of ${call.method} for offline work failed`, error);
      }
    }
  }

  /** A change of the server's authority: queued with its key, answered once the server applied or refused it. */
  private async sendThroughOutbox(outbox: SyncOutbox, current: Current, method: MethodName, input: unknown): Promise<DispatchResult> {
    try {
      const queued = await outbox.enqueue(method, input);
      const entry = await outbox.whenSettled(queued.id, QUEUED_ANSWER_WAIT_MS);
      if (entry.status === 'applied') return { ok: true, result: entry.answer };
      if (entry.status === 'dead' && entry.lastError)
        return {
          ok: false,
          error: toWireError(new NimbusError(entry.lastError.code as never, entry.lastError.message, { outboxEntry: entry.id })),
        };
      throw new NimbusError(
        'change_queued',
        `${current.saved.url} cannot apply ${method} now (${entry.lastError?.message ?? 'no answer yet'}); the change waits in the outbox and is sent by itself when the server answers (nimbus sync status)`,
        { outboxEntry: entry.id, method },
      );
    } catch (error) {
      if (!(error instanceof NimbusError))
        logFailure(this.options.logger, 'error', `Queueing ${method} for ${current.saved.url} failed`, error);
      return { ok: false, error: toWireError(error) };
    }
  }

  private emit(event: JobEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
