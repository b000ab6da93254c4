import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A running sushy-tools Redfish emulator (fake driver) on loopback, for tests. */
export interface SushyEmulator {
  /** `http://127.0.0.1:PORT` */
  address: string;
  /** The id of its one system under /redfish/v1/Systems/. */
  system: string;
  /** The system's document now (PowerState, Boot). */
  state(): Promise<{ PowerState: string; Boot: { BootSourceOverrideTarget: string } }>;
  /** Stops the emulator and waits until its process has exited. */
  stop(): Promise<void>;
  readonly process: ChildProcess;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `sushy-emulator --fake` (installed by scripts/ensure-sushy, named by NIMBUS_SUSHY_EMULATOR) and
 * waits until it serves its system. Throws, naming the script, when the emulator is not installed.
 */
export async function startSushyEmulator(): Promise<SushyEmulator> {
  const binary = process.env['NIMBUS_SUSHY_EMULATOR'];
  if (!binary) throw new Error('NIMBUS_SUSHY_EMULATOR is not set: run NIMBUS_SUSHY_EMULATOR=$(scripts/ensure-sushy | tail -n 1) first');
  const port = await freePort();
  const child = spawn(binary, ['--fake', '-i', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${address}/redfish/v1/Systems`);
      if (response.ok) {
        const members = ((await response.json()) as { Members: { '@odata.id': string }[] }).Members;
        const system = members[0]?.['@odata.id'].split('/').pop() ?? '';
        const state = async () => {
          const answer = await fetch(`${address}/redfish/v1/Systems/${system}`);
          return (await answer.json()) as { PowerState: string; Boot: { BootSourceOverrideTarget: string } };
        };
        return { address, system, state, stop, process: child };
      }
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`sushy-emulator did not start on ${address}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
