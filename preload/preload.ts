/**
 * Exposes `window.nimbus` and nothing else: one function per contract method, each bound to its own
 * IPC channel, plus the job, approval and topology event subscriptions. Runs sandboxed, so it is bundled into one file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApprovalEventNotice, JobEvent, MethodName, TopologyEventNotice } from '../engine/api/contract';
import { APPROVAL_EVENT_CHANNEL, JOB_EVENT_CHANNEL, TOPOLOGY_EVENT_CHANNEL, ipcChannel } from '../engine/common/ipc-channels';
import { METHOD_NAMES, isMethodName } from '../engine/common/method-names';

type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details: Record<string, unknown> } };

async function call(method: MethodName, input: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw { code: 'unknown_method', message: `Unknown API method ${String(method)}`, details: {} };
  const envelope = (await ipcRenderer.invoke(ipcChannel(method), input)) as Envelope;
  // Rejected with the plain wire error: contextBridge copies plain objects, but strips Error subclasses.
  if (!envelope.ok) throw envelope.error;
  return envelope.result;
}

const methods = Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => call(method, input)]));

contextBridge.exposeInMainWorld('nimbus', {
  ...methods,
  onJobEvent(listener: (event: JobEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, jobEvent: JobEvent) => listener(jobEvent);
    ipcRenderer.on(JOB_EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(JOB_EVENT_CHANNEL, forward);
  },
  onApprovalEvent(listener: (event: ApprovalEventNotice) => void): () => void {
    const forward = (_event: IpcRendererEvent, approvalEvent: ApprovalEventNotice) => listener(approvalEvent);
    ipcRenderer.on(APPROVAL_EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(APPROVAL_EVENT_CHANNEL, forward);
  },
  onTopologyEvent(listener: (event: TopologyEventNotice) => void): () => void {
    const forward = (_event: IpcRendererEvent, notice: TopologyEventNotice) => listener(notice);
    ipcRenderer.on(TOPOLOGY_EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(TOPOLOGY_EVENT_CHANNEL, forward);
  },
});
