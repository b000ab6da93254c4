/**
 * Which WebSocket clients hear which job's events. Every job event of the engine (and, on a shared
 * server, of every process) reaches the host; a client hears a job's events only when its caller may
 * read that job — it holds `job:read` and the job belongs to its tenant — asked once per job and
 * caller with a check that reads neither the job's record nor its events ({@link Engine.mayFollowJob}).
 * Each client's events keep their order even though the first one of a job waits for that answer.
 */
import type { Caller } from '../api/authorization.js';
import type { JobEvent } from '../api/schemas/jobs.js';
import type { Engine } from '../engine.js';

/** Answers kept at most; the oldest are forgotten first (a job's events come close together). */
const MAX_ANSWERS = 5_000;

/** Decides, per client, whether a job's events are for it. */
export class JobEventAudience {
  private readonly answers = new Map<string, Promise<boolean>>();

  /** `check` answers whether a caller may read a job (the engine's `mayFollowJob`); it must never reject. */
  constructor(private readonly check: Engine['mayFollowJob']) {}

  /** Whether `caller` may follow job `jobId` (cached per caller and job). */
  mayFollow(caller: Caller, jobId: string): Promise<boolean> {
    const key = `${caller.tenant}\u0000${caller.id}\u0000${jobId}`;
    const known = this.answers.get(key);
    if (known) return known;
    const answer = this.check(caller, jobId).catch(() => false);
    if (this.answers.size >= MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, answer);
    return answer;
  }

  /**
   * A sender for one client: events are handed over in the order they came, each only when the
   * client may follow its job.
   */
  forClient(caller: () => Caller, send: (event: JobEvent) => void): (event: JobEvent) => void {
    let queue: Promise<void> = Promise.resolve();
    return (event) => {
      const who = caller();
      queue = queue.then(async () => {
        if (await this.mayFollow(who, event.jobId)) send(event);
      });
    };
  }
}
