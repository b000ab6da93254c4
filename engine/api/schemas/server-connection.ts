/** The app's link to a shared Nimbus server, as the API shows it (never the session token). */
import { z } from 'zod';

/** Whether the local host (the desktop's main process, `nimbus serve`) forwards the API to a server, and to which. */
export const ServerConnectionSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('local') }),
  z.object({
    status: z.literal('connected'),
    /** The server's address, normalised. */
    url: z.string(),
    /** Who signed in, and in which tenant (names as the server answered the sign-in). */
    user: z.string(),
    tenant: z.string(),
    connectedAt: z.string(),
    /** The job-event connection: `unauthorized` means the session ended (sign in again, or disconnect). */
    events: z.enum(['connecting', 'open', 'reconnecting', 'unauthorized', 'closed']),
  }),
]);
export type ServerConnection = z.infer<typeof ServerConnectionSchema>;

export const ConnectServerInputSchema = z
  .object({
    url: z.string().min(1).max(2000),
    name: z.string().min(1).max(63),
    password: z.string().min(1).max(1024),
  })
  .strict();
