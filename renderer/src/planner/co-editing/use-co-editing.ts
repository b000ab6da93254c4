import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { NimbusApi, TopologyConflictView } from '../../../../engine/api/contract';
import { useIdentity } from '../../permissions/PermissionProvider';
import type { Notifier } from '../../toasts/ToastProvider';
import type { PlannerEditor, PlannerEditorState } from '../create-planner-editor';
import type { OpenTopology, RemoteChangeApplied } from '../use-topology-session';
import {
  buildConflictIndex,
  EMPTY_CONFLICT_INDEX,
  nextConflictedNode,
  type ConflictChoice,
  type ConflictEntry,
  type ConflictIndex,
} from './conflict-index';
import { PresenceStore } from './presence-store';
import { describeRemoteChange } from './remote-change-text';

/** How long the selection must rest before other users hear of it. */
export const PRESENCE_DEBOUNCE_MS = 150;
/** How often a held selection is told again, well within the time others keep it (`PRESENCE_TTL_MS`). */
export const PRESENCE_HEARTBEAT_MS = 10_000;
const NO_CONFLICTS: TopologyConflictView[] = [];
/** How long the live-change notice stays. */
const NOTICE_MS = 8_000;

/** The small notice that another user's change is on the canvas. */
export interface LiveChangeNotice {
  /** Grows with every notice, so a repeat restarts its timer. */
  id: number;
  text: string;
}

export interface CoEditingInput {
  api: NimbusApi;
  notifier: Notifier;
  open: OpenTopology | null;
  editor: PlannerEditor | null;
  editorState: PlannerEditorState;
  readAgain(revision: number | null): Promise<RemoteChangeApplied | null>;
  /** Grows after every save: conflicts are listed again. */
  savedCount: number;
}

/**
 * Co-editing a shared topology: another user's change is read and shown on the canvas as it lands,
 * their selections are drawn on the nodes, this user's selection is told to them (only when the app
 * works against a shared server), and the conflicts concurrent edits left are listed and resolved.
 * Transports without live notices (`onTopologyEvent` absent) still show conflicts after each read.
 */
export function useCoEditing({ api, notifier, open, editor, editorState, readAgain, savedCount }: CoEditingInput) {
  const identity = useIdentity();
  const who = identity.status === 'known' ? identity.who : null;
  const shared = who?.backend === 'server';
  const selfId = who?.user.id ?? null;
  const topologyId = open?.id ?? null;
  const revision = open?.revision ?? null;

  // Other users' selections.
  const presence = useMemo(() => new PresenceStore(selfId), [selfId]);
  const [peersVersion, setPeersVersion] = useState(0);

  // Conflicts of the open topology, with the topology they are of.
  const [listed, setListed] = useState<{ id: string; conflicts: TopologyConflictView[] } | null>(null);
  const conflicts = shared && listed !== null && listed.id === topologyId ? listed.conflicts : NO_CONFLICTS;
  const listToken = useRef(0);
  // Grows when the conflicts must be listed again without a new revision shown: every change notice (a
  // merge may add a conflict and change nothing the canvas shows), a failed resolve.
  const [listAgain, setListAgain] = useState(0);
  useEffect(() => {
    if (!shared || topologyId === null) return;
    const token = ++listToken.current;
    api.listTopologyConflicts({ id: topologyId }).then(
      (answer) => {
        if (token === listToken.current) setListed({ id: topologyId, conflicts: answer.conflicts });
      },
      () => {
        // A topology the server does not share as a document has no conflicts to show.
        if (token === listToken.current) setListed({ id: topologyId, conflicts: [] });
      },
    );
  }, [api, shared, topologyId, revision, savedCount, listAgain]);

  // Live notices.
  const [notice, setNotice] = useState<LiveChangeNotice | null>(null);
  const noticeCount = useRef(0);
  const readAgainRef = useRef(readAgain);
  useLayoutEffect(() => {
    readAgainRef.current = readAgain;
  });
  useEffect(() => {
    // Another topology (or none): nobody's selection carries over.
    presence.open(topologyId);
    if (!api.onTopologyEvent || topologyId === null) return;
    return api.onTopologyEvent((event) => {
      if (event.type === 'draft.changed' || event.topologyId !== topologyId) return;
      if (event.type === 'topology.presence') {
        if (presence.receive(event, Date.now())) setPeersVersion((count) => count + 1);
        return;
      }
      setListAgain((count) => count + 1);
      readAgainRef.current(event.revision).then(
        (applied) => {
          if (!applied?.changed) return;
          // A notice of this user's own change elsewhere needs no words.
          if (event.userId !== null && event.userId === selfId) return;
          noticeCount.current += 1;
          setNotice({ id: noticeCount.current, text: describeRemoteChange(event, applied) });
        },
        (error: unknown) => notifier.error('Could not show the latest version of the topology', error),
      );
    });
  }, [api, topologyId, presence, selfId, notifier]);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  // Users not heard from drop out when their time is up.
  useEffect(() => {
    const next = presence.nextExpiry();
    if (next === null) return;
    const timer = setTimeout(
      () => {
        if (presence.prune(Date.now())) setPeersVersion((count) => count + 1);
      },
      Math.max(0, next - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [presence, peersVersion]);

  // This user's selection, told to the others once it rests.
  const selection = editorState.selectedIds ?? [];
  const selectionKey = selection.join('\u0000');
  const told = useRef<{ id: string; key: string } | null>(null);
  useEffect(() => {
    if (!shared || topologyId === null) return;
    const ids = selectionKey === '' ? [] : selectionKey.split('\u0000');
    // Best effort: a lost presence notice only delays a marker.
    const send = () => {
      told.current = { id: topologyId, key: selectionKey };
      api.setTopologyPresence({ id: topologyId, selection: ids.slice(0, 1000) }).catch(() => undefined);
    };
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const timer = setTimeout(() => {
      if (told.current?.id !== topologyId || told.current.key !== selectionKey) send();
      // Others drop a marker not heard of for a while: a selection held longer is told again.
      if (ids.length > 0) heartbeat = setInterval(send, PRESENCE_HEARTBEAT_MS);
    }, PRESENCE_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      if (heartbeat !== undefined) clearInterval(heartbeat);
    };
  }, [api, shared, topologyId, selectionKey]);
  // Leaving a topology (another opens, the page goes) clears this user's marker there.
  useEffect(() => {
    if (!shared || topologyId === null) return;
    return () => {
      if (told.current?.id === topologyId && told.current.key !== '') {
        told.current = null;
        api.setTopologyPresence({ id: topologyId, selection: [] }).catch(() => undefined);
      }
    };
  }, [api, shared, topologyId]);

  // The conflicts placed on nodes, and the marks the canvas draws.
  const structureVersion = editorState.structureVersion;
  const index: ConflictIndex = useMemo(
    () => (conflicts.length === 0 || !editor ? EMPTY_CONFLICT_INDEX : buildConflictIndex(conflicts, editor.toDocument())),
    // structureVersion stands for the graph the editor holds (wires move conflicts to the node they feed).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [conflicts, editor, structureVersion],
  );
  useEffect(() => {
    if (!editor) return;
    const counts: Record<string, number> = {};
    for (const [id, entries] of index.byNode) counts[id] = entries.length;
    editor.setMarks({ peers: presence.byNode(), conflicts: counts });
  }, [editor, index, presence, peersVersion, topologyId]);

  const [resolving, setResolving] = useState<string | null>(null);
  const resolve = useCallback(
    async (entry: ConflictEntry, choice: ConflictChoice) => {
      if (topologyId === null || resolving !== null) return;
      setResolving(entry.key);
      try {
        const answer = await api.resolveTopologyConflict({
          id: topologyId,
          path: entry.path,
          valueId: choice.id,
          ...(revision !== null ? { expectedRevision: revision } : {}),
        });
        listToken.current += 1;
        setListed({ id: topologyId, conflicts: answer.conflicts });
        // Keeping a value is a change to the document: show it.
        await readAgain(answer.revision);
      } catch (error) {
        notifier.error('Could not keep that value', error);
        setListAgain((count) => count + 1);
      } finally {
        setResolving(null);
      }
    },
    [api, notifier, topologyId, revision, resolving, readAgain],
  );

  const selectedId = editorState.selected?.id ?? null;
  const nextConflict = useCallback(() => {
    const id = nextConflictedNode(index, selectedId);
    if (id !== null) void editor?.select(id);
  }, [editor, index, selectedId]);

  return {
    shared,
    conflicts: index,
    resolving,
    resolve,
    nextConflict,
    notice,
    dismissNotice: () => setNotice(null),
  };
}
