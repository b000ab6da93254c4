import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { APPROVAL_EVENT_CHANNEL, JOB_EVENT_CHANNEL, METHOD_NAMES, TOPOLOGY_EVENT_CHANNEL, ipcChannel } from '../engine/api/methods.js';
import type { DispatchResult } from '../engine/api/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import { APP_ORIGIN } from './app-protocol.js';

/**
 * Registers one IPC handler per contract method, all calling the engine's dispatcher (which validates
 * input), and refuses calls from any frame that is not our own renderer.
 */
export function registerIpc(ipcMain: IpcMain, engine: Engine): () => void {
  const fromOurRenderer = (event: IpcMainInvokeEvent): boolean => event.senderFrame?.url.startsWith(APP_ORIGIN) ?? false;
  for (const method of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => {
      if (!fromOurRenderer(event)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'Calls are accepted only from the Nimbus window', details: {} },
        } satisfies DispatchResult;
      }
      return engine.dispatcher.dispatch(method, input);
    });
  }
  return () => METHOD_NAMES.forEach((method) => ipcMain.removeHandler(ipcChannel(method)));
}

/** Forwards every job event to a window; returns the function that stops forwarding. */
export function forwardJobEvents(engine: Engine, contents: WebContents): () => void {
  return engine.onJobEvent((event) => {
    if (!contents.isDestroyed()) contents.send(JOB_EVENT_CHANNEL, event);
  });
}

/** Forwards every approval event to a window, so the approvals inbox updates at once; returns the function that stops forwarding. */
export function forwardApprovalEvents(engine: Engine, contents: WebContents): () => void {
  return engine.approvals.onEvent((event) => {
    if (!contents.isDestroyed()) contents.send(APPROVAL_EVENT_CHANNEL, event);
  });
}

/**
 * Forwards every notice about shared topologies (another user's change or selection) to a window, so
 * the open planner reads the topology again or shows who selected what; returns the function that stops forwarding.
 */
export function forwardTopologyEvents(engine: Engine, contents: WebContents): () => void {
  return engine.topologyEvents.onEvent(({ notice }) => {
    if (!contents.isDestroyed()) contents.send(TOPOLOGY_EVENT_CHANNEL, notice);
  });
}
