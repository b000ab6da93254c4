import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyFailure, type PulumiDiagnostic, type RawPulumiFailure } from './pulumi-errors.js';

// The CLI's output and streamed error diagnostics of proxmox-network run by Pulumi CLI v3.259 with
// pulumi-resource-proxmoxve 8.6.0 (bridged from terraform-provider-proxmox v0.111.1), captured from
// the runs proxmox-plugin.integration.test.ts makes: without the plugin, against a loopback API that
// refuses the token, and against a closed loopback port.
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'cli-output');

function captured(name: string): [RawPulumiFailure, PulumiDiagnostic[]] {
  const diagnostics = JSON.parse(readFileSync(path.join(fixtures, `${name}.diagnostics.json`), 'utf8')) as PulumiDiagnostic[];
  return [{ kind: 'command', text: readFileSync(path.join(fixtures, `${name}.txt`), 'utf8') }, diagnostics];
}

const bridgeUrn = (stack: string) => `urn:pulumi:${stack}::nimbus-proxmox-network::proxmoxve:network/linux/bridge:Bridge::bridge`;

describe('Proxmox provider failures on real CLI output', () => {
  it('provider_plugin_missing: names the plugin, its version and scripts/ensure-proxmox-plugin', () => {
    const [raw, diagnostics] = captured('proxmox-plugin-missing');
    for (const error of [classifyFailure(raw, 'preview', { diagnostics }), classifyFailure(raw, 'preview')]) {
      expect(error.code).toBe('provider_plugin_missing');
      expect(error.details).toMatchObject({
        kind: 'resource',
        plugin: 'proxmoxve',
        version: '8.6.0',
        script: 'scripts/ensure-proxmox-plugin',
      });
      expect(error.message).toBe(
        'The Pulumi resource plugin "pulumi-resource-proxmoxve" v8.6.0 (the Proxmox VE provider) is not installed; ' +
          'run scripts/ensure-proxmox-plugin from the Nimbus folder (it installs or builds the plugin beside the pulumi CLI), ' +
          'or put pulumi-resource-proxmoxve in the directory NIMBUS_PULUMI_DIR names.',
      );
    }
  });

  it('other missing resource plugins keep pulumi_plugin_missing', () => {
    const text = "error: no resource plugin 'pulumi-resource-aws' found in the workspace at version v6.0.0";
    expect(classifyFailure({ kind: 'command', text }, 'up').code).toBe('pulumi_plugin_missing');
  });

  it('provider_unauthorized: the API refused the token, on the resource that asked', () => {
    const [raw, diagnostics] = captured('proxmox-unauthorized');
    const error = classifyFailure(raw, 'up', { diagnostics });
    expect(error.code).toBe('provider_unauthorized');
    expect(error.details).toMatchObject({
      operation: 'up',
      urn: bridgeUrn('unauthorized'),
      resourceType: 'proxmoxve:network/linux/bridge:Bridge',
      status: 401,
    });
    expect(error.message).toBe(
      "The provider's API refused the credentials for bridge (proxmoxve:network/linux/bridge:Bridge): HTTP 401 authentication failure: " +
        'Error creating Linux Bridge interface; check proxmox_api_token in the stack configuration ' +
        '(USER@REALM!TOKENID=SECRET, with the privileges the resource needs).',
    );
    // From the CLI's text alone (no diagnostics streamed), still classified.
    expect(classifyFailure(raw, 'up').code).toBe('provider_unauthorized');
  });

  it('provider_unreachable: names the endpoint and the reason', () => {
    const [raw, diagnostics] = captured('proxmox-unreachable');
    const error = classifyFailure(raw, 'up', { diagnostics });
    expect(error.code).toBe('provider_unreachable');
    expect(error.details).toMatchObject({
      urn: bridgeUrn('unreachable'),
      endpoint: 'https://127.0.0.1:41243',
      reason: 'connection refused',
    });
    expect(error.message).toBe(
      'The provider could not reach its API at https://127.0.0.1:41243 for bridge (proxmoxve:network/linux/bridge:Bridge) ' +
        '(connection refused); make sure the host is up and reachable from this machine, and check proxmox_endpoint ' +
        '(and proxmox_insecure for a self-signed certificate) in the stack configuration.',
    );
    expect(classifyFailure(raw, 'up')).toMatchObject({ code: 'provider_unreachable', details: { reason: 'connection refused' } });
  });

  it('reads DNS failures and timeouts as unreachable, and leaves other provider errors alone', () => {
    const urn = bridgeUrn('dev');
    const lookup =
      'failed to perform HTTP POST request (path: nodes/pve1/network) - Reason: Post "https://pve.invalid:8006/api2/json/nodes/pve1/network": ' +
      'dial tcp: lookup pve.invalid on 10.255.255.53:53: no such host';
    expect(classifyFailure({ kind: 'command', text: '' }, 'up', { diagnostics: [{ urn, message: lookup }] }).details).toMatchObject({
      endpoint: 'https://pve.invalid:8006',
      reason: 'host name not found',
    });
    const timeout = 'Post "https://10.9.9.9:8006/api2/json/nodes": dial tcp 10.9.9.9:8006: i/o timeout';
    expect(classifyFailure({ kind: 'command', text: '' }, 'up', { diagnostics: [{ urn, message: timeout }] })).toMatchObject({
      code: 'provider_unreachable',
      details: { reason: 'timed out' },
    });
    const other = 'received an HTTP 500 response - Reason: bridge vmbr7 already exists';
    expect(classifyFailure({ kind: 'command', text: '' }, 'up', { diagnostics: [{ urn, message: other }] }).code).toBe(
      'pulumi_provider_error',
    );
    // A plugin download warning on the stack (no such host for api.github.com) is not the provider's endpoint.
    const stackWarning = { urn: 'urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev', message: 'dial tcp: lookup api.github.com: no such host' };
    expect(classifyFailure({ kind: 'command', text: 'error: update failed' }, 'up', { diagnostics: [stackWarning] }).code).not.toBe(
      'provider_unreachable',
    );
  });
});
