import { z } from 'zod';
import { TopologyEventNoticeSchema, type TopologyEventNotice } from '../api/schemas/topology-documents.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';

/** A notice about a shared topology and the tenant whose readers may hear it. */
export interface TenantTopologyEvent {
  tenant: string;
  notice: TopologyEventNotice;
}

/**
 * The engine's live notices about shared topologies (a change merged, an editor's selection), for its
 * transports to push to the clients of the notice's tenant. On a shared server the document service
 * emits them (and hears other processes' through the job queue's broadcast); on a desktop linked to a
 * server, its replica of the documents emits them as it merges what the server sends.
 */
export class TopologyEvents {
  private readonly listeners = new Set<(event: TenantTopologyEvent) => void>();

  constructor(private readonly logger: Logger = discardLogger) {}

  /** Hears every notice; returns the function that stops hearing. */
  onEvent(listener: (event: TenantTopologyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells every listener; one listener's failure is logged and never stops the others. */
  emit(event: TenantTopologyEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        logFailure(this.logger, 'warn', `A listener of topology notices failed on ${event.notice.type}`, error);
      }
    }
  }
}

/** The broadcast topic of topology notices between a shared server's processes. */
export const TOPOLOGY_TOPIC = 'topology';

const RemoteTopologyEventSchema = z.object({ tenant: z.string().min(1), notice: TopologyEventNoticeSchema });

/** A notice another process broadcast, checked; null for anything that is not one. */
export function parseRemoteTopologyEvent(payload: string): TenantTopologyEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = RemoteTopologyEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
