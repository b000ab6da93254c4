// Creates one QEMU virtual machine on a Proxmox VE node: a boot disk imported from a cloud image, one
// virtio NIC on a Linux bridge, and a cloud-init drive that sets the hostname, a static IPv4 address and
// the login user's SSH keys.
import * as pulumi from '@pulumi/pulumi';
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';

const config = new pulumi.Config();

// The API connection comes from stack config only, so a deployment never picks up ambient credentials.
const provider = new proxmoxve.Provider('proxmox', {
  endpoint: config.require('proxmox_endpoint'),
  apiToken: config.requireSecret('proxmox_api_token'),
  insecure: config.getBoolean('proxmox_insecure') ?? false,
});

const vmName = config.require('name');
const nodeName = config.require('node_name');
const vmId = config.requireNumber('vm_id');
const datastoreId = config.require('datastore_id');
const osTemplate = config.require('os_template');
const ipAddress = config.require('ip_address');
const sshKeys = config.requireObject<string[]>('ssh_keys');

// `import` volumes are attached with importFrom; raw images on `iso` storage with fileId.
const image = osTemplate.includes(':import/') ? { importFrom: osTemplate } : { fileId: osTemplate };

const vm = new proxmoxve.VmLegacy(
  'vm',
  {
    name: vmName,
    nodeName,
    vmId: vmId > 0 ? vmId : undefined,
    tags: ['nimbus'],
    started: config.requireBoolean('started'),
    onBoot: true,
    agent: { enabled: config.requireBoolean('qemu_agent') },
    operatingSystem: { type: 'l26' },
    cpu: { cores: config.requireNumber('cores'), type: config.require('cpu_type') },
    memory: { dedicated: config.requireNumber('memory_mb') },
    scsiHardware: 'virtio-scsi-single',
    disks: [{ interface: 'scsi0', datastoreId, size: config.requireNumber('disk_gb'), iothread: true, discard: 'on', ...image }],
    networkDevices: [{ bridge: config.require('network_bridge'), model: 'virtio', firewall: config.requireBoolean('firewall') }],
    initialization: {
      datastoreId,
      ipConfigs: [{ ipv4: { address: `${ipAddress}/${config.requireNumber('prefix_length')}`, gateway: config.require('gateway') } }],
      userAccount: { username: config.require('username'), keys: sshKeys },
    },
  },
  { provider },
);

export const vm_id = vm.vmId;
export const name = vm.name;
export const ip_address = ipAddress;
export const node_name = vm.nodeName;
