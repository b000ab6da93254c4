import type { TopologyEventNotice } from '../../../../engine/api/contract';

type PresenceNotice = Extract<TopologyEventNotice, { type: 'topology.presence' }>;

/** How long another user's selection shows without a new notice. */
export const PRESENCE_TTL_MS = 30_000;

/** Outline colours for other users, told apart from the selection blue and the problem red. */
export const PEER_COLOURS = ['#b45309', '#7c3aed', '#0f766e', '#be185d', '#4d7c0f', '#0369a1', '#a16207', '#6d28d9'] as const;

/** Another user with a node selected, as the canvas marks it. */
export interface Peer {
  userId: string;
  name: string;
  colour: string;
}

interface Entry {
  peer: Peer;
  selection: readonly string[];
  seenAt: number;
}

/** One colour per user, the same on every desktop and across reloads. */
export function peerColour(userId: string): string {
  let hash = 0;
  for (let index = 0; index < userId.length; index += 1) hash = (hash * 31 + userId.charCodeAt(index)) >>> 0;
  return PEER_COLOURS[hash % PEER_COLOURS.length]!;
}

/**
 * Other users' selections in the open topology, from `topology.presence` notices: a user shows on
 * the nodes they selected until they select nothing, another topology is opened, or nothing was
 * heard from them for {@link PRESENCE_TTL_MS}. The signed-in user's own notices (from another window
 * or desktop) are left out. Plain data: the caller passes the time, so tests need no clock.
 */
export class PresenceStore {
  private readonly entries = new Map<string, Entry>();
  private topologyId: string | null = null;
  private readonly self: string | null;

  constructor(self: string | null) {
    this.self = self;
  }

  /** Forgets everyone when another topology (or none) is opened. */
  open(topologyId: string | null): void {
    if (topologyId === this.topologyId) return;
    this.topologyId = topologyId;
    this.entries.clear();
  }

  /** Takes a notice; answers whether what the canvas shows changed. */
  receive(notice: PresenceNotice, now: number): boolean {
    if (notice.topologyId !== this.topologyId || notice.userId === this.self) return false;
    const before = this.entries.get(notice.userId);
    if (notice.selection.length === 0) return this.entries.delete(notice.userId);
    const name = notice.userName.trim() || notice.userId;
    this.entries.set(notice.userId, {
      peer: { userId: notice.userId, name, colour: peerColour(notice.userId) },
      selection: [...new Set(notice.selection)],
      seenAt: now,
    });
    return !before || before.peer.name !== name || before.selection.join('\u0000') !== [...new Set(notice.selection)].join('\u0000');
  }

  /** Drops users not heard from for too long; answers whether any went. */
  prune(now: number): boolean {
    let changed = false;
    for (const [userId, entry] of this.entries) {
      if (now - entry.seenAt >= PRESENCE_TTL_MS) {
        this.entries.delete(userId);
        changed = true;
      }
    }
    return changed;
  }

  /** Who has each node selected, by node id, users in name order. */
  byNode(): Record<string, Peer[]> {
    const nodes: Record<string, Peer[]> = {};
    const entries = [...this.entries.values()].sort(
      (a, b) => a.peer.name.localeCompare(b.peer.name) || (a.peer.userId < b.peer.userId ? -1 : 1),
    );
    for (const entry of entries) for (const id of entry.selection) (nodes[id] ??= []).push(entry.peer);
    return nodes;
  }

  /** When the next user would drop out, or null when nobody shows. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const entry of this.entries.values()) {
      const at = entry.seenAt + PRESENCE_TTL_MS;
      if (next === null || at < next) next = at;
    }
    return next;
  }
}
