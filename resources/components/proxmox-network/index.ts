// Creates one Linux bridge on a Proxmox VE node for an IPv4 subnet. Unless told otherwise the node takes
// the subnet's first address on the bridge, which guests then use as their gateway.
import * as pulumi from '@pulumi/pulumi';
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';

const config = new pulumi.Config();

// The API connection comes from stack config only, so a deployment never picks up ambient credentials.
const provider = new proxmoxve.Provider('proxmox', {
  endpoint: config.require('proxmox_endpoint'),
  apiToken: config.requireSecret('proxmox_api_token'),
  insecure: config.getBoolean('proxmox_insecure') ?? false,
});

/** An IPv4 block's network address and first usable address, e.g. 10.20.30.0 and 10.20.30.1 for 10.20.30.0/24. */
function parseSubnet(cidr: string): { network: string; firstHost: string; prefix: number } {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) throw new Error(`cidr must be an IPv4 block such as 10.20.30.0/24, got ${JSON.stringify(cidr)}`);
  const prefix = Number(match[5]);
  const blockSize = 2 ** (32 - prefix);
  const network = Math.floor(match.slice(1, 5).reduce((sum, octet) => sum * 256 + Number(octet), 0) / blockSize) * blockSize;
  const dotted = (value: number) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
  return { network: dotted(network), firstHost: dotted(network + 1), prefix };
}

const networkName = config.require('name');
const { network, firstHost, prefix } = parseSubnet(config.require('cidr'));
const ports = config.requireObject<string[]>('ports');

const linuxBridge = new proxmoxve.network.linux.Bridge(
  'bridge',
  {
    nodeName: config.require('node_name'),
    name: config.require('bridge_name'),
    comment: networkName,
    address: config.requireBoolean('gateway_on_host') ? `${firstHost}/${prefix}` : undefined,
    ports: ports.length > 0 ? ports : undefined,
    vlanAware: config.requireBoolean('vlan_aware'),
    mtu: config.requireNumber('mtu'),
    autostart: true,
  },
  { provider },
);

export const bridge = linuxBridge.name;
export const cidr = `${network}/${prefix}`;
export const gateway = firstHost;
export const name = networkName;
export const node_name = linuxBridge.nodeName;
