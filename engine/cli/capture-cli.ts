import { runCli } from './main.js';

/** Runs the CLI in-process and captures what it prints; for tests and embedding. */
export async function captureCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}
