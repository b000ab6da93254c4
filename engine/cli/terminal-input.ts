/** Reading a password for `nimbus login`: without echo on a terminal, else the first line of stdin. */
import { NimbusError } from '../errors.js';

/** The largest password read from a pipe; more than any password policy allows. */
const MAX_PIPED_BYTES = 64 * 1024;

/** The first line piped on stdin (a password from a secret store, `echo … |` in CI). */
async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(10) || size > MAX_PIPED_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Reads a line typed on the terminal without showing it; Ctrl+C cancels. */
function typedSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (text: string) => {
      for (const character of text) {
        if (character === '\r' || character === '\n' || character === '\u0004') {
          finish();
          return resolve(value);
        }
        if (character === '\u0003') {
          finish();
          return reject(new NimbusError('cancelled', 'Cancelled; nothing was saved', {}));
        }
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else value += character;
      }
    };
    stdin.on('data', onData);
  });
}

/** A secret from the person at the terminal, or from stdin when it is not a terminal. */
export function readSecret(prompt: string): Promise<string> {
  return process.stdin.isTTY ? typedSecret(prompt) : firstLineOfStdin();
}

/** A visible answer typed on the terminal (a user name). */
export async function readLine(prompt: string): Promise<string> {
  const readline = await import('node:readline/promises');
  const question = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await question.question(prompt)).trim();
  } finally {
    question.close();
  }
}
