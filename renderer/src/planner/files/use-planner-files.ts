import { useCallback, useState } from 'react';
import type { NimbusApi } from '../../../../engine/api/contract';
import type { Notifier } from '../../toasts/ToastProvider';
import type { NodeContract } from '../contracts/node-contract';
import type { PlannerEditor } from '../create-planner-editor';
import type { PlannerOverlay } from '../overlay/node-overlay';
import type { OpenTopology } from '../use-topology-session';
import { chooseFile, downloadFile, fileNameFor } from './download';
import { TOPOLOGY_FILE_ACCEPT, type TopologyFileIssue } from './file-issues';
import type { PlannerFileActions } from './planner-file-actions';
import { readRecentFiles, rememberRecentFile, type RecentFile } from './recent-files';
import { svgNodeInfo } from './svg-node-info';
import { svgToPng, topologyToSvg } from './topology-svg';

/** A file that did not pass the checks, shown in a dialog until dismissed. */
/** Largest topology file opened, as for `nimbus validate` and the other file commands. */
const MAX_TOPOLOGY_FILE_BYTES = 16 * 1024 * 1024;

export interface RejectedFile {
  name: string;
  issues: TopologyFileIssue[];
}

const storage = (): Storage | null => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

/**
 * Topology files: opening (checked first, then imported as a new topology), exporting the saved
 * topology as YAML/JSON, pictures of the canvas, and the recent files list. Everything goes through
 * browser APIs (file input, download link), which Electron provides too: no main-process channel.
 */
export function usePlannerFiles(options: {
  api: NimbusApi;
  notifier: Notifier;
  open: OpenTopology | null;
  dirty: boolean;
  editor: PlannerEditor | null;
  contractOf(ref: string): NodeContract | null | undefined;
  overlay(): PlannerOverlay;
  /** Opens a topology just imported (refreshing the list first). */
  onImported(id: string): Promise<void>;
}) {
  const { api, notifier, open, dirty, editor, contractOf, overlay, onImported } = options;
  const [recent, setRecent] = useState<RecentFile[]>(() => {
    const store = storage();
    return store ? readRecentFiles(store) : [];
  });
  const [rejected, setRejected] = useState<RejectedFile | null>(null);

  const remember = useCallback((name: string, topologyId: string) => {
    const store = storage();
    if (store) setRecent(rememberRecentFile(store, { name, topologyId, at: new Date().toISOString() }));
  }, []);

  const openFile = useCallback(async () => {
    const file = await chooseFile(TOPOLOGY_FILE_ACCEPT);
    if (!file) return;
    // Checked before reading: the engine reads no file over this size either (see the README's limits).
    if (file.size > MAX_TOPOLOGY_FILE_BYTES) {
      setRejected({
        name: file.name,
        issues: [{ path: '', message: `The file is ${(file.size / 1024 / 1024).toFixed(1)} MiB; files up to 16 MiB can be opened` }],
      });
      return;
    }
    const text = await file.text();
    const check = await api.validateTopologyFile({ text, source: file.name });
    if (!check.valid) {
      setRejected({ name: file.name, issues: check.issues });
      return;
    }
    const topology = await api.importTopologyFile({ text, source: file.name });
    remember(file.name, topology.id);
    notifier.success(`Opened ${file.name}`, `As the topology “${topology.name}”.`);
    await onImported(topology.id);
  }, [api, notifier, remember, onImported]);

  const exportFile = useCallback(
    async (format: 'yaml' | 'json') => {
      if (!open) return;
      const { text, fileName } = await api.exportTopology({ id: open.id, format });
      downloadFile(new Blob([text], { type: format === 'json' ? 'application/json' : 'application/yaml' }), fileName);
      remember(fileName, open.id);
      // The engine exports what is saved; say so rather than silently leaving edits out of the file.
      if (dirty)
        notifier.show({
          kind: 'info',
          title: `Exported revision ${open.revision}`,
          message: 'Unsaved changes are not in the file; save first to include them.',
        });
    },
    [api, notifier, open, dirty, remember],
  );

  const exportPicture = useCallback(
    async (kind: 'svg' | 'png') => {
      if (!open || !editor) return;
      const document = editor.toDocument();
      const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
      const svg = topologyToSvg(document, svgNodeInfo(document, contractOf, overlay()), { title: open.name, dark });
      const picture = kind === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg, 2);
      downloadFile(picture, fileNameFor(open.name, kind));
    },
    [open, editor, contractOf, overlay],
  );

  const actions: PlannerFileActions = { openFile, exportFile, exportPicture, canExport: open !== null };
  return { actions, recent, rejected, dismissRejected: () => setRejected(null) };
}
