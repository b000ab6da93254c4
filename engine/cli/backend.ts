/**
 * What a CLI command works against: the local data directory (an engine in this process) or a shared
 * Nimbus server (its HTTP API). Commands call API methods, follow job events and wait for a job's
 * outcome the same way on both; the few that need the local engine's internals ask for it through
 * {@link localEngine}, which refuses clearly on a server.
 */
import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { Job, JobEvent } from '../api/schemas/jobs.js';
import type { MethodName } from '../common/method-names.js';
import type { Engine } from '../engine.js';
import { NimbusError } from '../errors.js';
import { jobOutcome } from '../remote/job-outcome.js';
import type { ServerClient } from '../remote/server-client.js';

/** The API as a command sees it, wherever it is served. */
export interface Backend {
  readonly kind: 'local' | 'server';
  /** The data directory, or the server's address. */
  readonly location: string;
  /** Calls one method; a refusal is the method's NimbusError, as in the app. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Every job event, as it happens; returns the unsubscribe. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /**
   * Resolves once job events flow (at once locally; on a server when its event connection is open,
   * or after a few seconds without it: a job's outcome is then still read, only its progress is late).
   */
  eventsFlowing(): Promise<void>;
  /** The job's final record once it has finished. */
  jobOutcome(jobId: string): Promise<Job>;
  /** The engine in this process; undefined on a server. */
  readonly engine: Engine | undefined;
  dispose(): Promise<void>;
}

/** The local data directory's engine, called exactly as the UI calls it (same validation, same errors). */
export function localBackend(engine: Engine, dataDir: string): Backend {
  return {
    kind: 'local',
    location: dataDir,
    engine,
    async call(method, input) {
      const outcome = await engine.dispatcher.dispatch(method, input);
      if (!outcome.ok) throw new NimbusError(outcome.error.code, outcome.error.message, outcome.error.details);
      return outcome.result as never;
    },
    onJobEvent: (listener) => engine.onJobEvent(listener),
    eventsFlowing: () => Promise.resolve(),
    jobOutcome: (jobId) => engine.jobs.settled(jobId),
    dispose: () => engine.dispose(),
  };
}

/**
 * A shared server through its API. `signInAgain` turns the server's `unauthorized` (a token that is
 * wrong, expired or revoked) into an error saying how to get a working one.
 */
export function serverBackend(client: ServerClient, signInAgain: (error: NimbusError) => NimbusError): Backend {
  let open = false;
  client.onConnectionState((state) => (open = state === 'open'));
  const backend: Backend = {
    kind: 'server',
    location: client.url,
    engine: undefined,
    async call(method, input) {
      try {
        return await client.call(method, input);
      } catch (error) {
        if (error instanceof NimbusError && error.code === 'unauthorized') throw signInAgain(error);
        throw error;
      }
    },
    onJobEvent: (listener) => client.onJobEvent(listener),
    eventsFlowing() {
      if (open) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(finish, 3000);
        const stop = client.onConnectionState((state) => {
          if (state === 'open' || state === 'unauthorized' || state === 'closed') finish();
        });
        function finish() {
          clearTimeout(timer);
          stop();
          resolve();
        }
      });
    },
    jobOutcome: (jobId) => jobOutcome({ call: backend.call.bind(backend), onJobEvent: (listener) => client.onJobEvent(listener) }, jobId),
    dispose: () => client.dispose(),
  };
  return backend;
}

/**
 * The local engine for a command that needs more than the API offers; on a server, a clear refusal
 * naming the command and what to do instead.
 */
export function localEngine(backend: Backend, command: string, instead: string): Engine {
  if (backend.engine) return backend.engine;
  throw new NimbusError(
    'local_only',
    `${command} works on a local data directory only, not on the server ${backend.location}; ${instead}`,
    {
      command,
    },
  );
}
