// Registers an existing LVM thin pool as a Proxmox VE storage, on which guests create their disks. The
// SDK has no stand-alone disk resource: disks belong to the VM or container that declares them.
import * as pulumi from '@pulumi/pulumi';
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';

const config = new pulumi.Config();

// The API connection comes from stack config only, so a deployment never picks up ambient credentials.
const provider = new proxmoxve.Provider('proxmox', {
  endpoint: config.require('proxmox_endpoint'),
  apiToken: config.requireSecret('proxmox_api_token'),
  insecure: config.getBoolean('proxmox_insecure') ?? false,
});

const nodeNames = config.requireObject<string[]>('node_names');

const storage = new proxmoxve.storage.Lvmthin(
  'storage',
  {
    resourceId: config.require('name'),
    volumeGroup: config.require('volume_group'),
    thinPool: config.require('thin_pool'),
    // Proxmox reads no node list as "available on every node".
    nodes: nodeNames.length > 0 ? nodeNames : undefined,
    contents: config.requireObject<string[]>('contents'),
    disable: config.requireBoolean('disabled'),
  },
  { provider },
);

export const datastore_id = storage.resourceId;
export const volume_group = storage.volumeGroup;
export const thin_pool = storage.thinPool;
export const contents = storage.contents;
