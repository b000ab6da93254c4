/**
 * Pulumi failures sorted into stable codes with messages a person can act on. Pure text work: the
 * adapter turns an Automation API error into a {@link RawPulumiFailure} (the CLI's output, the spawn
 * errno) plus the error diagnostics the engine streamed, and {@link classifyFailure} does the rest.
 * Every pattern below was checked against the output of Pulumi CLI v3.259.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { NimbusError } from '../errors.js';
import { PulumiCliMissingError } from './locate-cli.js';
import { providerConnectionFailure } from './provider-connection-errors.js';
import type { PulumiAction } from './stack-target.js';

/** A Pulumi operation failed; `code` says how, the message keeps the CLI's own words short. */
export class PulumiOperationError extends NimbusError {
  override name = 'PulumiOperationError';
}

/** An Automation API failure reduced to text. */
export interface RawPulumiFailure {
  /** What the Automation API already recognised. */
  kind: 'concurrent-update' | 'stack-not-found' | 'command' | 'other';
  /** The CLI's stderr and stdout (or the error message when there was no command). */
  text: string;
  /** The errno of a failed spawn, such as ENOENT. */
  errno?: string;
}

/** An error diagnostic the engine streamed during the operation; `urn` names the resource it concerns. */
export interface PulumiDiagnostic {
  urn?: string;
  message: string;
}

/** What the adapter knows beyond the error itself. */
export interface FailureContext {
  diagnostics?: PulumiDiagnostic[];
  stackName?: string;
  pulumiHome?: string;
}

/** Terminal colour codes, which the CLI puts in stack traces even with colours off. */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Sorts one failure into a {@link PulumiOperationError}; the first matching rule wins. */
export function classifyFailure(raw: RawPulumiFailure, action: PulumiAction, context: FailureContext = {}): PulumiOperationError {
  const text = raw.text.replace(ANSI, '');
  const diagnostics = (context.diagnostics ?? []).map((diagnostic) => ({
    ...diagnostic,
    message: diagnostic.message.replace(ANSI, '').trim(),
  }));
  const all = [text, ...diagnostics.map((diagnostic) => diagnostic.message)].join('\n');
  return (
    cliMissing(raw, text, action) ??
    concurrentUpdate(raw, text, action, context) ??
    stackNotFound(raw, text, action, context) ??
    pluginMissing(all, action, context) ??
    compileError(all, action) ??
    connectionError(diagnostics, text, action) ??
    bareMetalError(diagnostics) ??
    providerError(diagnostics, action) ??
    programError(diagnostics, text, action) ??
    stackNotEmpty(text, action) ??
    failed(text, action)
  );
}

function cliMissing(raw: RawPulumiFailure, text: string, action: PulumiAction): PulumiOperationError | null {
  if (raw.errno !== 'ENOENT') return null;
  const binary = /spawn (\S+) ENOENT/.exec(text)?.[1];
  // Node also reports ENOENT when the working directory is missing; then the binary is there.
  if (!binary || isExecutable(binary)) return null;
  const wording = new PulumiCliMissingError(path.isAbsolute(binary) ? [path.dirname(binary)] : [], path.basename(binary));
  return new PulumiOperationError('pulumi_cli_missing', wording.message, { ...wording.details, operation: action });
}

function concurrentUpdate(raw: RawPulumiFailure, text: string, action: PulumiAction, context: FailureContext): PulumiOperationError | null {
  const locked = /the stack is currently locked by/.test(text);
  if (raw.kind !== 'concurrent-update' && !locked && !/Another update is currently in progress/.test(text)) return null;
  const holders = [...text.matchAll(/created by (\S+?)@(\S+) \(pid (\d+)\) at (\S+)/g)].map(([, username, hostname, pid, since]) => ({
    username,
    hostname,
    pid: Number(pid),
    since,
  }));
  const stack = context.stackName ? `Stack "${context.stackName}"` : 'The stack';
  const who = holders.map((holder) => `${holder.username}@${holder.hostname}, pid ${holder.pid}, since ${holder.since}`).join('; ');
  return new PulumiOperationError(
    'pulumi_concurrent_update',
    `${stack} is locked by another update${who ? ` (${who})` : ''}, so ${action} cannot start. Wait for that update to finish; ` +
      'if its process no longer runs, cancel the stale update to clear the lock, then try again.',
    { operation: action, holders },
  );
}

function stackNotFound(raw: RawPulumiFailure, text: string, action: PulumiAction, context: FailureContext): PulumiOperationError | null {
  const named = /no stack named '([^']+)' found/.exec(text)?.[1];
  if (raw.kind !== 'stack-not-found' && !named) return null;
  const stack = named ?? context.stackName;
  return new PulumiOperationError(
    'pulumi_stack_not_found',
    `The Pulumi stack ${stack ? `"${stack}" ` : ''}does not exist in this backend`,
    {
      operation: action,
      stack: stack ?? null,
    },
  );
}

/** The plugins Nimbus installs beside the CLI (scripts/ensure-pulumi), rather than through `pulumi plugin install`. */
const BUNDLED_PLUGINS = new Set(['language:nodejs', 'resource:pulumi-nodejs']);

/** Resource plugins Nimbus installs with a script of its own, with the provider they serve. */
const PLUGIN_INSTALLERS: Record<string, { provider: string; script: string } | undefined> = {
  proxmoxve: { provider: 'the Proxmox VE provider', script: 'scripts/ensure-proxmox-plugin' },
};

function pluginMissing(text: string, action: PulumiAction, context: FailureContext): PulumiOperationError | null {
  const language = /no language plugin 'pulumi-language-([\w.-]+)' found/.exec(text);
  const resource =
    /no resource plugin 'pulumi-resource-([\w.-]+)' found in the workspace(?: at version v?(\S+))?/.exec(text) ??
    /Could not automatically download and install resource plugin 'pulumi-resource-([\w.-]+)'(?: at version v?([^\s,]+))?/.exec(text);
  const found = language
    ? { kind: 'language', plugin: language[1]!, version: null }
    : resource
      ? { kind: 'resource', plugin: resource[1]!, version: resource[2] ?? null }
      : null;
  if (!found) return null;
  const { kind, plugin, version } = found;
  const installer = kind === 'resource' ? PLUGIN_INSTALLERS[plugin] : undefined;
  if (installer) {
    return new PulumiOperationError(
      'provider_plugin_missing',
      `The Pulumi resource plugin "pulumi-resource-${plugin}"${version ? ` v${version}` : ''} (${installer.provider}) is not installed; ` +
        `run ${installer.script} from the Nimbus folder (it installs or builds the plugin beside the pulumi CLI), ` +
        `or put pulumi-resource-${plugin} in the directory NIMBUS_PULUMI_DIR names.`,
      { operation: action, kind, plugin, version, script: installer.script },
    );
  }
  const label = `The Pulumi ${kind} plugin "${plugin}"${version ? ` v${version}` : ''} is not installed`;
  const home = context.pulumiHome ? `PULUMI_HOME=${context.pulumiHome} ` : '';
  const hint = BUNDLED_PLUGINS.has(`${kind}:${plugin}`)
    ? `it belongs beside the pulumi CLI: run scripts/ensure-pulumi from the Nimbus folder, or set NIMBUS_PULUMI_DIR to the directory holding the pulumi binaries`
    : `install it with \`${home}pulumi plugin install ${kind} ${plugin}${version ? ` ${version}` : ''}\`` +
      (kind === 'language' ? ` (or set the runtime in Pulumi.yaml to one that is installed)` : '') +
      ', from a machine that can download it or from a local archive with --file';
  return new PulumiOperationError('pulumi_plugin_missing', `${label}; ${hint}.`, { operation: action, kind, plugin, version });
}

interface CompileDiagnostic {
  file: string;
  line: number;
  column: number;
  tsCode: string;
  message: string;
}

function compileError(text: string, action: PulumiAction): PulumiOperationError | null {
  // ts-node prints `index.ts(7,7): error TS2322: …`; tsc --pretty prints `index.ts:7:7 - error TS2322: …`.
  const patterns = [
    /^\s*(.+?\.[cm]?tsx?)\((\d+),(\d+)\): error (TS\d+): (.+)$/gm,
    /^\s*(.+?\.[cm]?tsx?):(\d+):(\d+) - error (TS\d+): (.+)$/gm,
  ];
  const errors: CompileDiagnostic[] = patterns.flatMap((pattern) =>
    [...text.matchAll(pattern)].map(([, file, line, column, tsCode, message]) => ({
      file: file!,
      line: Number(line),
      column: Number(column),
      tsCode: tsCode!,
      message: message!.trim(),
    })),
  );
  const unique = errors.filter(
    (error, index) =>
      errors.findIndex(
        (other) => other.file === error.file && other.line === error.line && other.column === error.column && other.tsCode === error.tsCode,
      ) === index,
  );
  const first = unique[0];
  if (!first) return null;
  const more = unique.length > 1 ? ` (and ${unique.length - 1} more error${unique.length > 2 ? 's' : ''})` : '';
  return new PulumiOperationError(
    'pulumi_compile_error',
    `The program does not compile: ${first.file}:${first.line}:${first.column} ${first.message} (${first.tsCode})${more}`,
    {
      operation: action,
      file: first.file,
      line: first.line,
      column: first.column,
      tsCode: first.tsCode,
      errors: unique,
    },
  );
}

function connectionError(diagnostics: PulumiDiagnostic[], text: string, action: PulumiAction): PulumiOperationError | null {
  const found = providerConnectionFailure(diagnostics, text, action);
  return found ? new PulumiOperationError(found.code, found.message, found.details) : null;
}

/** The codes the bare-metal server's program (resources/components/baremetal-server) starts its errors with. */
const BMC_FAILURE = /\b(bmc_unreachable|bmc_failed|bmc_credentials_missing): ([^\n]*)/;

/** A BMC that could not be reached, answered with an error or lacks its credentials: the program's own code. */
function bareMetalError(diagnostics: PulumiDiagnostic[]): PulumiOperationError | null {
  for (const diagnostic of diagnostics) {
    const found = BMC_FAILURE.exec(diagnostic.message);
    if (found) {
      const code = found[1] as 'bmc_unreachable' | 'bmc_failed' | 'bmc_credentials_missing';
      return new PulumiOperationError(code, found[2]!.trim(), diagnostic.urn ? { resource: urnParts(diagnostic.urn) } : {});
    }
  }
  return null;
}

/** The type and name in a URN, `urn:pulumi:<stack>::<project>::[<parent type>$]<type>::<name>`. */
function urnParts(urn: string): { type: string; name: string } {
  const [, , qualifiedType = '', ...name] = urn.split('::');
  return { type: qualifiedType.split('$').at(-1) ?? qualifiedType, name: name.join('::') };
}

function providerError(diagnostics: PulumiDiagnostic[], action: PulumiAction): PulumiOperationError | null {
  const failures = diagnostics.filter(
    (diagnostic) => diagnostic.urn && urnParts(diagnostic.urn).type !== 'pulumi:pulumi:Stack' && diagnostic.message,
  );
  const first = failures[0];
  if (!first?.urn) return null;
  const { type, name } = urnParts(first.urn);
  const others = new Set(failures.map((failure) => failure.urn)).size - 1;
  const more = others > 0 ? ` (${others} more resource${others > 1 ? 's' : ''} failed too)` : '';
  return new PulumiOperationError('pulumi_provider_error', `The provider failed on ${name} (${type}): ${first.message}${more}`, {
    operation: action,
    urn: first.urn,
    resourceType: type,
    resourceName: name,
    failures: failures.map((failure) => ({ urn: failure.urn, message: failure.message })),
  });
}

function programError(diagnostics: PulumiDiagnostic[], text: string, action: PulumiAction): PulumiOperationError | null {
  const pattern = /Running program '([^']+)' failed with an unhandled exception:[^\S\n]*\n([\s\S]*)/;
  // The streamed diagnostic is the clean copy; in the CLI's text the last occurrence is the one in its
  // Diagnostics section (earlier ones sit in progress lines).
  const last = text.lastIndexOf("Running program '");
  const fromText = last === -1 ? null : pattern.exec(text.slice(last));
  const match = diagnostics.map((diagnostic) => pattern.exec(diagnostic.message)).find((found) => found) ?? fromText;
  if (!match) return asyncProgramError(diagnostics, action);
  const program = match[1]!;
  const lines = match[2]!.split('\n').map((line) => line.trim());
  const end = lines.findIndex((line, index) => line.startsWith('at ') || (index > 0 && !line));
  const thrown = lines
    .slice(0, end === -1 ? lines.length : end)
    .filter(Boolean)
    .join(' ');
  const frames = lines.filter((line) => line.startsWith('at ') && !/node_modules|node:internal|\(node:/.test(line));
  const location = frames.map((frame) => /\(?([^\s()]+):(\d+):(\d+)\)?$/.exec(frame)).find((found) => found);
  const where = location ? { file: location[1]!, line: Number(location[2]), column: Number(location[3]) } : null;
  const shown = where ? ` (at ${path.relative(path.dirname(program), where.file) || where.file}:${where.line}:${where.column})` : '';
  return new PulumiOperationError('pulumi_program_error', `The program failed while running: ${thrown || 'unknown error'}${shown}`, {
    operation: action,
    program,
    error: thrown,
    ...(where ?? {}),
  });
}

/**
 * A program that throws inside an `apply` (after the program's main body returned) is not reported
 * as an unhandled exception: the error arrives as a diagnostic with no resource (or on the stack
 * resource) carrying the thrown error and its stack, e.g. `Error: boom\n    at /work/index.ts:38:17`
 * (from an inline program: `Unhandled exception: Error: boom\n    at …`).
 */
function asyncProgramError(diagnostics: PulumiDiagnostic[], action: PulumiAction): PulumiOperationError | null {
  const thrownDiagnostic = diagnostics.find(
    (diagnostic) =>
      (!diagnostic.urn || diagnostic.urn.includes('::pulumi:pulumi:Stack::')) &&
      /^(?:Unhandled exception: )?\w*Error: /.test(diagnostic.message),
  );
  if (!thrownDiagnostic) return null;
  // An inline program's server prefixes the thrown error with `Unhandled exception: `.
  const [first, ...rest] = thrownDiagnostic.message
    .replace(/^Unhandled exception: /, '')
    .split('\n')
    .map((line) => line.trim());
  const thrown = first!.replace(/^Error:\s*/, '');
  const frame = rest
    .filter((line) => line.startsWith('at ') && !/node_modules|node:internal|\(node:/.test(line))
    .map((line) => /\(?([^\s()]+):(\d+):(\d+)\)?$/.exec(line))
    .find((found) => found);
  const where = frame ? { file: frame[1]!, line: Number(frame[2]), column: Number(frame[3]) } : null;
  return new PulumiOperationError(
    'pulumi_program_error',
    `The program failed while running: ${thrown}${where ? ` (at ${path.basename(where.file)}:${where.line}:${where.column})` : ''}`,
    {
      operation: action,
      error: thrown,
      ...(where ?? {}),
    },
  );
}

function stackNotEmpty(text: string, action: PulumiAction): PulumiOperationError | null {
  const stack = /'([^']+)' still has resources; removal rejected/.exec(text)?.[1];
  if (!stack) return null;
  return new PulumiOperationError(
    'pulumi_stack_not_empty',
    `Stack "${stack}" still has resources; destroy them before removing the stack`,
    {
      operation: action,
      stack,
    },
  );
}

function failed(text: string, action: PulumiAction): PulumiOperationError {
  const killedBy = /Command was killed with (\w+)/.exec(text)?.[1];
  if (killedBy) {
    return new PulumiOperationError(
      'pulumi_failed',
      `pulumi ${action} was killed (${killedBy}) before it finished; the stack may still be locked and hold pending operations: cancel its update, then refresh it`,
      { operation: action, signal: killedBy },
    );
  }
  const lines = text
    .split('\n')
    .map((line) => line.trim().replace(/^(Command (?:failed|was killed) with [^:]+): .*$/, '$1'))
    .filter((line) => line && !line.startsWith('code:'));
  // `error: 4 errors occurred:` is followed by the errors themselves, numbered `1) …`.
  const several = lines.findIndex((line) => /^error: \d+ errors occurred:?$/.test(line));
  const important = several === -1 ? lines.filter((line) => /error/i.test(line)).slice(-3) : lines.slice(several, several + 4);
  return new PulumiOperationError(
    'pulumi_failed',
    `pulumi ${action} failed: ${(important.length ? important : lines.slice(-3)).join(' | ')}`,
    { operation: action },
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    // Missing or not executable: the answer is no, and the caller names what it searched.
    return false;
  }
}
