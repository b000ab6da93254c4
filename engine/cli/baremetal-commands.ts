import type { z } from 'zod';
import type { BareMetalOverviewSchema, RegistrySchema } from '../api/schemas/baremetal.js';
import { arg, call, emit, type Command } from './command-support.js';
import { table } from './format.js';

type Registry = z.infer<typeof RegistrySchema>;
type Overview = z.infer<typeof BareMetalOverviewSchema>;

/** A registry's last sync in one line, then each problem as `file:line: message`. */
export function syncText(registry: Registry): string {
  const sync = registry.lastSync;
  if (!sync) return `${registry.name}: never synced (nimbus registry sync ${registry.name})\n`;
  const head =
    sync.status === 'ok'
      ? `${registry.name}: synced ${sync.machines} machine(s) at ${sync.commit?.slice(0, 12) ?? '?'}`
      : `${registry.name}: sync failed; keeping the last good ${sync.machines} machine(s)`;
  const problems = sync.problems.map((p) => `  ${p.file || registry.source}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}`);
  return `${[head, ...problems].join('\n')}\n`;
}

function overviewText(overview: Overview): string {
  if (overview.registries.length === 0) return 'No bare-metal registry yet: nimbus registry add URL|PATH, then nimbus registry sync.\n';
  const { capacity } = overview;
  const rows = overview.machines.map((m) => [
    m.id,
    m.provider,
    m.location ?? '-',
    String(m.cpuCores),
    `${m.memoryGb} GB`,
    `${m.diskGb} GB`,
    m.reservation ? `reserved by ${m.reservation.node}` : 'free',
  ]);
  return (
    `${overview.machines.length === 0 ? 'No machines.\n' : table(['MACHINE', 'PROVIDER', 'LOCATION', 'CORES', 'MEMORY', 'DISK', 'STATE'], rows)}` +
    `Free: ${capacity.machines.free} of ${capacity.machines.total} machines, ${capacity.cores.free} of ${capacity.cores.total} cores, ` +
    `${capacity.memoryGb.free} of ${capacity.memoryGb.total} GB memory\n`
  );
}

/** `nimbus registry add|sync|list` and `nimbus baremetal machines`: the bare-metal provider registry. */
export const BAREMETAL_COMMANDS: Command[] = [
  {
    words: ['registry', 'add'],
    usage: 'nimbus registry add URL|PATH [--name NAME] [--json]',
    summary: 'Record a Git repository of bare-metal provider TOML files (then nimbus registry sync)',
    options: ['name'],
    async run(context) {
      const source = arg(context.args, 0, 'URL|PATH');
      const name = typeof context.options['name'] === 'string' ? context.options['name'] : undefined;
      const registry = await call(context.backend, 'addBareMetalRegistry', { source, ...(name ? { name } : {}) });
      return emit(
        context,
        registry,
        () => `Recorded registry ${registry.name} (${registry.source}); sync it with nimbus registry sync ${registry.name}\n`,
      );
    },
  },
  {
    words: ['registry', 'sync'],
    usage: 'nimbus registry sync [NAME] [--json]',
    summary: 'Clone or fetch bare-metal registries and validate their files (problems with file and line; the last good state stays)',
    options: [],
    async run(context) {
      const name = context.args[0];
      const registries = await call(context.backend, 'syncBareMetalRegistries', name ? { registry: name } : {});
      emit(context, registries, () =>
        registries.length === 0 ? 'No registry to sync: nimbus registry add URL|PATH\n' : registries.map(syncText).join(''),
      );
      return registries.every((registry) => registry.lastSync?.status === 'ok') ? 0 : 1;
    },
  },
  {
    words: ['registry', 'list'],
    usage: 'nimbus registry list [--json]',
    summary: 'Bare-metal registries with their last sync and its problems',
    options: [],
    async run(context) {
      const overview = await call(context.backend, 'getBareMetalOverview', {});
      return emit(context, overview.registries, () =>
        overview.registries.length === 0
          ? 'No bare-metal registry yet: nimbus registry add URL|PATH\n'
          : overview.registries.map(syncText).join(''),
      );
    },
  },
  {
    words: ['baremetal', 'machines'],
    usage: 'nimbus baremetal machines [--json]',
    summary: 'Registered bare-metal machines, which node holds each, and the capacity left free',
    options: [],
    async run(context) {
      const overview = await call(context.backend, 'getBareMetalOverview', {});
      return emit(context, overview, () => overviewText(overview));
    },
  },
];
