import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseComponentFile, formatComponentFile, ComponentFileError } from '../components/component-file.js';
import { NimbusError } from '../errors.js';
import { readYamlSource } from '../files/yaml-source.js';
import { arg, call, emit, readText, str, type Command, type CommandContext } from './command-support.js';
import { UsageError } from './usage-error.js';
import { canonicalJson } from '../files/canonical-json.js';

/**
 * Writes `text` to `file` whole or not at all (a temporary file beside it, then a rename), so an
 * interrupted export never leaves half a file where a good one was.
 */
function writeWhole(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new NimbusError('file_unwritable', `Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      file,
    });
  }
}

/** Prints a file's text, or writes it to --out and says so on stderr (so stdout stays clean for pipes). */
export function deliver(context: CommandContext, text: string, what: string): number {
  const out = str(context.options, 'out');
  if (out === undefined) {
    context.io.out(text);
    return 0;
  }
  writeWhole(out, text);
  if (context.json) context.io.out(`${JSON.stringify({ file: path.resolve(out), bytes: Buffer.byteLength(text) })}\n`);
  else context.io.err(`Wrote ${what} to ${out}\n`);
  return 0;
}

/** A saved topology by exact name (or id); a name several topologies share is refused with their ids. */
export async function findTopology(context: CommandContext, wanted: string): Promise<{ id: string; name: string }> {
  const all = await call(context.backend, 'listTopologies', {});
  const byId = all.find((t) => t.id === wanted);
  if (byId) return byId;
  const named = all.filter((t) => t.name === wanted);
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new NimbusError(
      'ambiguous',
      `${named.length} topologies are named ${JSON.stringify(wanted)}; give one of their ids: ${named.map((t) => t.id).join(', ')}`,
      { ids: named.map((t) => t.id) },
    );
  const hint = all.length
    ? ` (saved topologies: ${all
        .slice(0, 10)
        .map((t) => JSON.stringify(t.name))
        .join(', ')}${all.length > 10 ? ', …' : ''})`
    : ' (none are saved yet)';
  throw new NimbusError('not_found', `No topology is named ${JSON.stringify(wanted)}${hint}`, { entity: 'topology', id: wanted });
}

/** `NAME` or `NAME@VERSION`. */
function componentRef(text: string): { name: string; version?: number } {
  const match = /^([^@]+)(?:@(\d+))?$/.exec(text);
  if (!match || (match[2] !== undefined && Number(match[2]) < 1))
    throw new UsageError(`${JSON.stringify(text)} is not NAME or NAME@VERSION`);
  return { name: match[1]!, ...(match[2] !== undefined ? { version: Number(match[2]) } : {}) };
}

export const FILE_COMMANDS: Command[] = [
  {
    words: ['topology', 'export'],
    usage: 'nimbus topology export NAME [--format yaml|json] [--out FILE]',
    summary: 'A saved topology as the file the planner saves (YAML or JSON), to stdout or FILE',
    options: ['format', 'out'],
    async run(context) {
      const format = str(context.options, 'format') ?? 'yaml';
      if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json, got ${JSON.stringify(format)}`);
      const topology = await findTopology(context, arg(context.args, 0, 'topology NAME'));
      const exported = await call(context.backend, 'exportTopology', { id: topology.id, format });
      return deliver(context, exported.text, `topology ${topology.name}`);
    },
  },
  {
    words: ['component', 'export'],
    usage: 'nimbus component export NAME[@VERSION] [--out FILE]',
    summary: "A component's code, contract and bindings as one YAML file (its draft, or a published version)",
    options: ['out'],
    async run(context) {
      const ref = componentRef(arg(context.args, 0, 'component NAME[@VERSION]'));
      const component = await call(context.backend, 'getComponent', { name: ref.name });
      const content =
        ref.version === undefined
          ? component.draft
          : await call(context.backend, 'getComponentVersion', { name: ref.name, version: ref.version });
      const text = formatComponentFile({
        name: component.name,
        provider: component.provider,
        semanticType: component.semanticType,
        shared: component.tenant === null,
        content,
      });
      return deliver(context, text, `component ${component.name}${ref.version === undefined ? ' (draft)' : `@${ref.version}`}`);
    },
  },
  {
    words: ['component', 'import'],
    usage: 'nimbus component import FILE',
    summary:
      "Create a component's draft from a file, or update its draft (checked whole first: nothing is written when the file is refused)",
    options: [],
    async run(context) {
      const source = arg(context.args, 0, 'FILE');
      const text = readText(source);
      const file = parseComponentFile(text, source);
      const existing = await call(context.backend, 'getComponent', { name: file.name }).catch((error: unknown) => {
        if (error instanceof NimbusError && error.code === 'not_found') return null;
        throw error;
      });
      if (!existing) {
        const created = await call(context.backend, 'createComponent', {
          name: file.name,
          provider: file.provider,
          semanticType: file.semanticType,
          ...(file.shared ? { shared: true } : {}),
          content: file.content,
        });
        return emit(
          context,
          { action: 'created', component: created.name, draftRevision: created.draftRevision },
          () => `Created ${created.name} (draft); publish it with: nimbus component publish ${created.name} --changelog TEXT\n`,
        );
      }
      // What a file cannot change about an existing component is refused at the line that tries.
      const fixed = [
        ['provider', existing.provider, file.provider],
        ['semanticType', existing.semanticType, file.semanticType],
        ['shared', existing.tenant === null, file.shared],
      ] as const;
      for (const [key, have, want] of fixed) {
        if (have === want) continue;
        const yaml = readYamlSource(text);
        const located =
          'raw' in yaml
            ? yaml.locate(
                key === 'shared' && !file.shared ? ['name'] : [key],
                `${existing.name} exists with ${key} ${JSON.stringify(have)}; a file cannot change it to ${JSON.stringify(want)}`,
              )
            : { path: key, message: '' };
        throw new ComponentFileError(source, [located]);
      }
      if (canonicalJson(existing.draft) === canonicalJson(file.content)) {
        return emit(
          context,
          { action: 'unchanged', component: existing.name, draftRevision: existing.draftRevision },
          () => `${existing.name}: the draft already matches ${source}; nothing changed\n`,
        );
      }
      const updated = await call(context.backend, 'updateComponentDraft', {
        name: file.name,
        expectedRevision: existing.draftRevision,
        content: file.content,
      });
      return emit(
        context,
        { action: 'updated', component: updated.name, draftRevision: updated.draftRevision },
        () => `Updated the draft of ${updated.name} (revision ${updated.draftRevision})\n`,
      );
    },
  },
];
