/**
 * Provider failures that are about the connection to the managed platform rather than the resource:
 * the API endpoint cannot be reached, or it refuses the credentials. Told apart from other provider
 * errors so the person fixes the endpoint or the token in the stack's configuration instead of reading
 * a resource error. The texts are the Go HTTP client's and the Proxmox VE provider's
 * (github.com/bpg/terraform-provider-proxmox) as Pulumi prints them.
 */
import type { PulumiAction } from './stack-target.js';

/** A connection failure found in a provider's diagnostic. */
export interface ProviderConnectionFailure {
  code: 'provider_unreachable' | 'provider_unauthorized';
  message: string;
  details: Record<string, unknown>;
}

/** A diagnostic as the classifier sees it (ANSI codes already removed). */
interface Diagnostic {
  urn?: string;
  message: string;
}

/** Go's net errors for an endpoint that cannot be reached, with the reason each one means. */
const UNREACHABLE: { pattern: RegExp; reason: string }[] = [
  { pattern: /connect: connection refused/, reason: 'connection refused' },
  { pattern: /dial tcp: lookup (\S+?)(?: on \S+)?: no such host/, reason: 'host name not found' },
  { pattern: /connect: no route to host/, reason: 'no route to host' },
  { pattern: /connect: network is unreachable/, reason: 'network unreachable' },
  { pattern: /i\/o timeout|Client\.Timeout exceeded|context deadline exceeded \(Client\.Timeout/, reason: 'timed out' },
];

/** The provider's HTTP errors for credentials the API refuses (401) or that lack a permission (403). */
const UNAUTHORIZED = /received an HTTP (401|403) response - Reason: ([^\n]*)/;

/** The type and name in a URN, `urn:pulumi:<stack>::<project>::[<parent type>$]<type>::<name>`. */
function urnParts(urn: string): { type: string; name: string } {
  const [, , qualifiedType = '', ...name] = urn.split('::');
  return { type: qualifiedType.split('$').at(-1) ?? qualifiedType, name: name.join('::') };
}

/** The endpoint a Go HTTP error names: the origin of its quoted URL, else the dialled address. */
function endpointOf(message: string): string | null {
  const url = /(?:Get|Post|Put|Delete|Patch|Head) "([^"]+)"/.exec(message)?.[1];
  if (url) {
    try {
      return new URL(url).origin;
    } catch {
      // Not a URL after all: fall back to the dialled address.
    }
  }
  return /dial tcp (?:lookup )?([^\s:]+(?::\d+)?)/.exec(message)?.[1] ?? null;
}

/** The configuration keys a Proxmox component reads its connection from (resources/components/proxmox-*). */
function whereToFix(type: string): string {
  return type.startsWith('proxmoxve:') || type === 'pulumi:providers:proxmoxve'
    ? 'check proxmox_endpoint (and proxmox_insecure for a self-signed certificate) in the stack configuration'
    : "check the provider's endpoint in the stack configuration";
}

function tokenFix(type: string): string {
  return type.startsWith('proxmoxve:') || type === 'pulumi:providers:proxmoxve'
    ? 'check proxmox_api_token in the stack configuration (USER@REALM!TOKENID=SECRET, with the privileges the resource needs)'
    : "check the provider's credentials in the stack configuration";
}

/**
 * The first diagnostic of a resource (or of its provider) that says the provider could not reach its
 * API or was refused by it, or null when no diagnostic does. The CLI's text is read only when no
 * diagnostic carries a resource, e.g. when a provider failed to configure before any resource event.
 */
export function providerConnectionFailure(diagnostics: Diagnostic[], text: string, action: PulumiAction): ProviderConnectionFailure | null {
  const candidates: Diagnostic[] = diagnostics.filter(
    (diagnostic) => diagnostic.urn && !diagnostic.urn.includes('::pulumi:pulumi:Stack::'),
  );
  if (candidates.length === 0) {
    const line = text.split('\n').find((entry) => UNAUTHORIZED.test(entry) || UNREACHABLE.some(({ pattern }) => pattern.test(entry)));
    if (line) candidates.push({ message: line.trim() });
  }
  for (const diagnostic of candidates) {
    const where = diagnostic.urn ? urnParts(diagnostic.urn) : { type: '', name: '' };
    const subject = diagnostic.urn ? `${where.name} (${where.type})` : 'a resource';
    const refused = UNAUTHORIZED.exec(diagnostic.message);
    if (refused) {
      const status = Number(refused[1]);
      const endpoint = endpointOf(diagnostic.message);
      return {
        code: 'provider_unauthorized',
        message:
          `The provider's API ${endpoint ? `at ${endpoint} ` : ''}refused the credentials for ${subject}: HTTP ${status} ${refused[2]!.trim()}; ` +
          `${tokenFix(where.type)}.`,
        details: {
          operation: action,
          urn: diagnostic.urn ?? null,
          resourceType: where.type || null,
          status,
          endpoint,
          providerMessage: diagnostic.message,
        },
      };
    }
    const unreachable = UNREACHABLE.find(({ pattern }) => pattern.test(diagnostic.message));
    if (unreachable) {
      const endpoint = endpointOf(diagnostic.message);
      return {
        code: 'provider_unreachable',
        message:
          `The provider could not reach its API${endpoint ? ` at ${endpoint}` : ''} for ${subject} (${unreachable.reason}); ` +
          `make sure the host is up and reachable from this machine, and ${whereToFix(where.type)}.`,
        details: {
          operation: action,
          urn: diagnostic.urn ?? null,
          resourceType: where.type || null,
          endpoint,
          reason: unreachable.reason,
          providerMessage: diagnostic.message,
        },
      };
    }
  }
  return null;
}
