// Creates one LXC container on a Proxmox VE node from an OS template: a root filesystem on the chosen
// storage, eth0 on a Linux bridge with a static IPv4 address, and root's SSH keys.
import * as pulumi from '@pulumi/pulumi';
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';

const config = new pulumi.Config();

// The API connection comes from stack config only, so a deployment never picks up ambient credentials.
const provider = new proxmoxve.Provider('proxmox', {
  endpoint: config.require('proxmox_endpoint'),
  apiToken: config.requireSecret('proxmox_api_token'),
  insecure: config.getBoolean('proxmox_insecure') ?? false,
});

const hostname = config.require('name');
const vmId = config.requireNumber('vm_id');
const ipAddress = config.require('ip_address');

const container = new proxmoxve.ContainerLegacy(
  'container',
  {
    nodeName: config.require('node_name'),
    vmId: vmId > 0 ? vmId : undefined,
    tags: ['nimbus'],
    started: config.requireBoolean('started'),
    startOnBoot: true,
    unprivileged: config.requireBoolean('unprivileged'),
    features: { nesting: config.requireBoolean('nesting') },
    operatingSystem: { templateFileId: config.require('os_template'), type: config.require('os_type') },
    cpu: { cores: config.requireNumber('cores') },
    memory: { dedicated: config.requireNumber('memory_mb'), swap: config.requireNumber('swap_mb') },
    disk: { datastoreId: config.require('datastore_id'), size: config.requireNumber('disk_gb') },
    networkInterfaces: [{ name: 'eth0', bridge: config.require('network_bridge'), firewall: config.requireBoolean('firewall') }],
    initialization: {
      hostname,
      ipConfigs: [{ ipv4: { address: `${ipAddress}/${config.requireNumber('prefix_length')}`, gateway: config.require('gateway') } }],
      userAccount: { keys: config.requireObject<string[]>('ssh_keys') },
    },
  },
  { provider },
);

export const vm_id = container.vmId;
export const name = hostname;
export const ip_address = ipAddress;
export const node_name = container.nodeName;
