import { parse, TomlError } from 'smol-toml';
import { RegistryFileSchema, type Machine, type RegistryFile, type RegistryProblem } from './registry-format.js';
import { keyLines, lineOf } from './toml-lines.js';

/** A registry file larger than this is refused unread: a registry lists machines, not data. */
export const MAX_REGISTRY_FILE_BYTES = 1024 * 1024;

/** The outcome of reading one registry file: its machines, or every problem found, each with its line. */
export type ParsedRegistryFile = { ok: true; file: RegistryFile; machines: Machine[] } | { ok: false; problems: RegistryProblem[] };

/**
 * Parses and validates one registry file. Syntax errors carry smol-toml's line and column; schema
 * problems are placed on the line of the offending key (or of the table that lacks it), so a person
 * can open the file at the line and fix it.
 */
export function parseRegistryFile(fileName: string, source: string, registry: string): ParsedRegistryFile {
  if (Buffer.byteLength(source, 'utf8') > MAX_REGISTRY_FILE_BYTES) {
    return { ok: false, problems: [{ file: fileName, line: 0, message: `the file is larger than ${MAX_REGISTRY_FILE_BYTES} bytes` }] };
  }
  let raw: unknown;
  try {
    raw = parse(source);
  } catch (error) {
    if (error instanceof TomlError) {
      const first = error.message.split('\n')[0] ?? error.message;
      return { ok: false, problems: [{ file: fileName, line: error.line, column: error.column, message: `TOML syntax: ${first}` }] };
    }
    throw error;
  }
  const checked = RegistryFileSchema.safeParse(raw);
  if (!checked.success) {
    const lines = keyLines(source);
    const problems = checked.error.issues.map((issue) => {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      return { file: fileName, line: lineOf(lines, path), message: `${describePath(path)}: ${issue.message}` };
    });
    return { ok: false, problems };
  }
  const file = checked.data;
  const lines = keyLines(source);
  const seen = new Map<string, number>();
  const problems: RegistryProblem[] = [];
  file.machines.forEach((machine, index) => {
    const line = lineOf(lines, ['machines', index, 'id']);
    const earlier = seen.get(machine.id);
    if (earlier !== undefined)
      problems.push({ file: fileName, line, message: `duplicate machine id ${machine.id} (first on line ${earlier})` });
    else seen.set(machine.id, line);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, file, machines: file.machines.map((machine) => toMachine(machine, file, fileName, registry)) };
}

/** `machines[2].bmc.address` for a schema path. */
function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the file';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function toMachine(machine: RegistryFile['machines'][number], file: RegistryFile, fileName: string, registry: string): Machine {
  return {
    id: machine.id,
    provider: file.provider,
    registry,
    file: fileName,
    location: machine.location ?? file.location ?? null,
    cpuCores: machine.cpu_cores,
    memoryGb: machine.memory_gb,
    diskGb: machine.disks.reduce((sum, disk) => sum + disk.size_gb, 0),
    disks: machine.disks.map((disk) => ({ name: disk.name, sizeGb: disk.size_gb, type: disk.type ?? null })),
    nics: machine.nics.map((nic) => ({ name: nic.name, mac: nic.mac ?? null, speedGbps: nic.speed_gbps ?? null })),
    bmc: {
      address: machine.bmc.address.replace(/\/+$/, ''),
      system: machine.bmc.system,
      usernameEnv: machine.bmc.username_env ?? null,
      passwordEnv: machine.bmc.password_env ?? null,
    },
  };
}
