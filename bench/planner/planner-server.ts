import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TopologyDocument } from '../../engine/api/schemas/topology.js';
import { createEngine } from '../../engine/engine.js';
import { appRoot } from '../../engine/paths.js';
import { tempDir } from '../../engine/test-support/temp-dir.js';

/** A `nimbus serve` holding one generated topology, in a data directory of its own. */
export interface PlannerServer {
  /** The app's address, ending in `/`. */
  url: string;
  /** The address that signs a browser in (the app's address with the owner token); open it first. */
  signInUrl: string;
  topologyId: string;
  /** Stops the server and deletes the data directory. */
  dispose(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Stores `document` through the engine's own dispatcher (the same validation as the WebSocket API,
 * without a socket), closes that engine, then starts `nimbus serve` on the data directory as a user
 * would, in its own process so the server's work is not charged to the benchmark's. The data directory
 * has no environment, so the planner makes no plan and the figures are the canvas' alone.
 */
export async function startPlannerServer(document: TopologyDocument, label: string): Promise<PlannerServer> {
  const temp = tempDir(`nimbus-bench-${label}-`);
  let child: ChildProcess | undefined;
  try {
    const engine = await createEngine({ dataDir: temp.dir });
    let created: Awaited<ReturnType<typeof engine.dispatcher.dispatch>>;
    const token = engine.ownerToken();
    try {
      created = await engine.dispatcher.dispatch('createTopology', { name: `bench ${label}`, document });
    } finally {
      await engine.dispose();
    }
    if (!created.ok) throw new Error(`createTopology failed: ${created.error.message}`);
    const topologyId = (created.result as { id: string }).id;

    child = spawn(process.execPath, [path.join(appRoot(), 'bin', 'nimbus.js'), 'serve', '--data', temp.dir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await serverUrl(child);
    const running = child;
    return {
      url,
      signInUrl: `${url}?token=${token}`,
      topologyId,
      dispose: async () => {
        try {
          await stop(running);
        } finally {
          temp.remove();
        }
      },
    };
  } catch (error) {
    if (child) await stop(child);
    temp.remove();
    throw error;
  }
}

/** Waits for the "Open http://…" line `nimbus serve` prints once it listens. */
function serverUrl(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/\S+)/.exec(output);
      if (match?.[1]) done(() => resolve(match[1]!.endsWith('/') ? match[1]! : `${match[1]}/`));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`nimbus serve exited with ${code}:\n${output}`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`nimbus serve did not start within ${START_TIMEOUT_MS} ms:\n${output}`))),
      START_TIMEOUT_MS,
    );
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
