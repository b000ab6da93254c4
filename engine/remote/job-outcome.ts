/** Waiting for a job on a server to finish, whether or not its events arrive. */
import type { Job } from '../api/schemas/jobs.js';
import type { ServerClient } from './server-client.js';

/**
 * Resolves to the job's final record once it is no longer running: at once when its `job.finished`
 * event arrives, and by reading the job every `pollMs` too, so a dropped event connection (or one
 * that is reconnecting) only delays the answer.
 */
export function jobOutcome(client: Pick<ServerClient, 'call' | 'onJobEvent'>, jobId: string, pollMs = 1000): Promise<Job> {
  return new Promise<Job>((resolve, reject) => {
    let done = false;
    let reading = false;
    let again = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      unsubscribe();
      outcome();
    };
    const read = () => {
      if (done) return;
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      client.call('getJob', { id: jobId }).then(
        ({ job }) => {
          reading = false;
          if (job.status !== 'running') finish(() => resolve(job));
          else if (again) {
            again = false;
            read();
          }
        },
        (error: unknown) => {
          reading = false;
          finish(() => reject(error as Error));
        },
      );
    };
    const unsubscribe = client.onJobEvent((event) => {
      if (event.jobId === jobId && event.type === 'job.finished') read();
    });
    const timer = setInterval(read, pollMs);
    timer.unref();
    read();
  });
}
