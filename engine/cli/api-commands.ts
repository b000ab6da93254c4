import { localEngine } from './backend.js';
import { emit, type Command } from './command-support.js';

/** Commands about the HTTP API of `nimbus serve`. */
export const API_COMMANDS: Command[] = [
  {
    words: ['api', 'token'],
    usage: 'nimbus api token',
    summary: 'The bearer token for the HTTP API of nimbus serve (/api/v1, /metrics)',
    options: [],
    run(context) {
      const token = localEngine(
        context.backend,
        'api token',
        'on a server, create a personal access token with nimbus token create NAME',
      ).ownerToken();
      return Promise.resolve(emit(context, { token }, () => `${token}\n`));
    },
  },
];
