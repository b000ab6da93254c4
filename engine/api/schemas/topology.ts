import { z } from 'zod';
import { DisplayName, EntityId, Revision, Timestamp } from './common.js';

/** Upper bounds that keep one document within what the canvas and the store handle comfortably. */
export const TOPOLOGY_LIMITS = { nodes: 10_000, wires: 20_000 } as const;

const PortName = z.string().min(1).max(100);

export const TopologyNodeSchema = z
  .object({
    id: EntityId,
    label: DisplayName,
    /** `name@version` of a published component (or a bare name while designing). */
    component: z.string().min(1).max(200),
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).strict(),
    /** Values the user set; everything else comes from defaults, wires and resolvers. */
    params: z.record(z.string(), z.unknown()).optional(),
    /** Nodes that must be deployed first even without a wire between them. */
    dependsOn: z.array(EntityId).max(1000).optional(),
  })
  .strict();

export const TopologyWireSchema = z
  .object({
    id: EntityId,
    source: z.object({ node: EntityId, port: PortName }).strict(),
    target: z.object({ node: EntityId, port: PortName }).strict(),
  })
  .strict();

/**
 * A frame (compartment) drawn around nodes on the canvas: nodes whose box starts inside it belong to
 * it and move with it. Layout only: frames change nothing about resolution or deployment.
 */
export const TopologyFrameSchema = z
  .object({
    id: EntityId,
    label: DisplayName,
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).strict(),
    size: z.object({ width: z.number().finite().positive(), height: z.number().finite().positive() }).strict(),
  })
  .strict();

/**
 * A topology as saved and exchanged: nodes with their canvas position and the wires between their
 * ports. Referential checks (unknown node, duplicate id, two wires into one input) run here so a
 * document that passes can be rendered and planned without further guards.
 */
export const TopologyDocumentSchema = z
  .object({
    schemaVersion: z.literal(1),
    nodes: z.array(TopologyNodeSchema).max(TOPOLOGY_LIMITS.nodes),
    wires: z.array(TopologyWireSchema).max(TOPOLOGY_LIMITS.wires),
    frames: z.array(TopologyFrameSchema).max(1000).optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const frameIds = new Set<string>();
    (doc.frames ?? []).forEach((frame, index) => {
      if (frameIds.has(frame.id))
        ctx.addIssue({ code: 'custom', path: ['frames', index, 'id'], message: `duplicate frame id ${JSON.stringify(frame.id)}` });
      frameIds.add(frame.id);
    });
    const nodeIds = new Set<string>();
    doc.nodes.forEach((node, index) => {
      if (nodeIds.has(node.id)) {
        ctx.addIssue({ code: 'custom', path: ['nodes', index, 'id'], message: `duplicate node id ${JSON.stringify(node.id)}` });
      }
      nodeIds.add(node.id);
    });
    doc.nodes.forEach((node, index) => {
      (node.dependsOn ?? []).forEach((dependency, position) => {
        if (!nodeIds.has(dependency)) {
          ctx.addIssue({
            code: 'custom',
            path: ['nodes', index, 'dependsOn', position],
            message: `unknown node ${JSON.stringify(dependency)}`,
          });
        }
      });
    });
    const wireIds = new Set<string>();
    const wiredInputs = new Set<string>();
    doc.wires.forEach((wire, index) => {
      if (wireIds.has(wire.id)) {
        ctx.addIssue({ code: 'custom', path: ['wires', index, 'id'], message: `duplicate wire id ${JSON.stringify(wire.id)}` });
      }
      wireIds.add(wire.id);
      for (const end of ['source', 'target'] as const) {
        if (!nodeIds.has(wire[end].node)) {
          ctx.addIssue({ code: 'custom', path: ['wires', index, end, 'node'], message: `unknown node ${JSON.stringify(wire[end].node)}` });
        }
      }
      if (wire.source.node === wire.target.node) {
        ctx.addIssue({ code: 'custom', path: ['wires', index], message: 'a wire cannot connect a node to itself' });
      }
      const input = `${wire.target.node}\u0000${wire.target.port}`;
      if (wiredInputs.has(input)) {
        ctx.addIssue({
          code: 'custom',
          path: ['wires', index, 'target'],
          message: `input ${wire.target.port} of node ${wire.target.node} already has a wire`,
        });
      }
      wiredInputs.add(input);
    });
  });

export type TopologyDocument = z.infer<typeof TopologyDocumentSchema>;
export type TopologyNode = z.infer<typeof TopologyNodeSchema>;
export type TopologyWire = z.infer<typeof TopologyWireSchema>;
export type TopologyFrame = z.infer<typeof TopologyFrameSchema>;

export const TopologySummarySchema = z.object({
  id: EntityId,
  name: DisplayName,
  revision: Revision,
  nodeCount: z.number().int().nonnegative(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TopologySummary = z.infer<typeof TopologySummarySchema>;

export const TopologySchema = z.object({
  id: EntityId,
  name: DisplayName,
  revision: Revision,
  document: TopologyDocumentSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Topology = z.infer<typeof TopologySchema>;

/** Unsaved edits of a topology, autosaved so that nothing is lost on reload or crash. */
export const TopologyDraftSchema = z.object({
  id: EntityId,
  baseRevision: Revision,
  document: TopologyDocumentSchema,
  savedAt: Timestamp,
});
export type TopologyDraft = z.infer<typeof TopologyDraftSchema>;
