import { stringify } from 'yaml';
import { z } from 'zod';
import { DisplayName } from '../api/schemas/common.js';
import {
  TOPOLOGY_LIMITS,
  TopologyDocumentSchema,
  TopologyFrameSchema,
  TopologyNodeSchema,
  TopologyWireSchema,
  type TopologyDocument,
} from '../api/schemas/topology.js';
import { NimbusError } from '../errors.js';
import { locateZodIssues, pathKeys, readYamlSource, type LocatedIssue } from '../files/yaml-source.js';

/** A node in a file: the label may be left out, and then reads as the node's id. */
const TopologyFileNodeSchema = TopologyNodeSchema.extend({ label: DisplayName.optional() });

/** A topology as a file: what `nimbus validate`, import and export read and write. */
export const TopologyFileSchema = z
  .object({
    kind: z.literal('Topology'),
    version: z.literal(1),
    name: DisplayName,
    nodes: z.array(TopologyFileNodeSchema).max(TOPOLOGY_LIMITS.nodes),
    wires: z.array(TopologyWireSchema).max(TOPOLOGY_LIMITS.wires),
    frames: z.array(TopologyFrameSchema).max(1000).optional(),
  })
  .strict();

export interface TopologyFile {
  name: string;
  document: TopologyDocument;
}

/** A file that is not a valid topology; each issue names the field path and, in YAML, the line. */
export class TopologyFileError extends NimbusError {
  override name = 'TopologyFileError';
  constructor(source: string, issues: LocatedIssue[]) {
    const first = issues[0];
    const where = first ? `${first.line ? `line ${first.line}, ` : ''}${first.path || '(root)'}` : '';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('invalid_topology_file', `${source}: ${where}: ${first?.message ?? 'invalid'}${more}`, { source, issues });
  }
}

/** Parses a YAML or JSON topology file (JSON is YAML), validating structure and references. */
export function parseTopologyFile(text: string, source = 'topology file'): TopologyFile {
  return parseTopologyFileWithLines(text, source).file;
}

/**
 * {@link parseTopologyFile}, plus the line of a field path such as `nodes[2].params.cores` in the text
 * (the closest existing parent's), so checks made later can point at the line too.
 */
export function parseTopologyFileWithLines(
  text: string,
  source = 'topology file',
): { file: TopologyFile; lineOf(path: string): number | undefined } {
  const yaml = readYamlSource(text);
  if ('errors' in yaml) throw new TopologyFileError(source, yaml.errors);
  const result = TopologyFileSchema.safeParse(yaml.raw);
  if (!result.success) throw new TopologyFileError(source, locateZodIssues(yaml, result.error.issues));
  const { name, wires, frames } = result.data;
  const nodes = result.data.nodes.map((node) => ({ ...node, label: node.label ?? node.id }));
  const references = TopologyDocumentSchema.safeParse({ schemaVersion: 1, nodes, wires, ...(frames ? { frames } : {}) });
  if (!references.success) {
    throw new TopologyFileError(
      source,
      references.error.issues.map((issue) => yaml.locate(issue.path, issue.message)),
    );
  }
  return { file: { name, document: references.data }, lineOf: (path) => yaml.locate(pathKeys(path), '').line };
}

/** Writes a topology as YAML (default) or JSON, with a fixed key order so files diff well in Git. */
export function formatTopologyFile(file: TopologyFile, format: 'yaml' | 'json' = 'yaml'): string {
  const ordered = {
    kind: 'Topology',
    version: 1,
    name: file.name,
    nodes: file.document.nodes.map(({ id, label, component, position, params, dependsOn }) => ({
      id,
      label,
      component,
      position: { x: position.x, y: position.y },
      ...(params && Object.keys(params).length > 0 ? { params: sortKeys(params) } : {}),
      ...(dependsOn && dependsOn.length > 0 ? { dependsOn } : {}),
    })),
    wires: file.document.wires.map(({ id, source, target }) => ({
      id,
      source: { node: source.node, port: source.port },
      target: { node: target.node, port: target.port },
    })),
    ...(file.document.frames && file.document.frames.length > 0
      ? {
          frames: file.document.frames.map(({ id, label, position, size }) => ({
            id,
            label,
            position: { x: position.x, y: position.y },
            size: { width: size.width, height: size.height },
          })),
        }
      : {}),
  };
  return format === 'json' ? `${JSON.stringify(ordered, null, 2)}\n` : stringify(ordered, { lineWidth: 0 });
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}
