// Sets the Proxmox VE firewall of one VM or container: its options (on/off, default policies) and its
// ordered rule list. Proxmox keeps a single rule list per guest, which this program owns.
import * as pulumi from '@pulumi/pulumi';
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';

/** One rule as the input schema describes it. */
interface RuleInput {
  direction: 'in' | 'out';
  action: 'ACCEPT' | 'DROP' | 'REJECT';
  protocol?: string;
  dest_port?: string;
  source?: string;
  comment?: string;
}

const config = new pulumi.Config();

// The API connection comes from stack config only, so a deployment never picks up ambient credentials.
const provider = new proxmoxve.Provider('proxmox', {
  endpoint: config.require('proxmox_endpoint'),
  apiToken: config.requireSecret('proxmox_api_token'),
  insecure: config.getBoolean('proxmox_insecure') ?? false,
});

const nodeName = config.require('node_name');
const guestId = config.requireNumber('vm_id');
const guestType = config.require('guest_type', { allowedValues: ['vm', 'container'] });
const firewallEnabled = config.requireBoolean('enabled');
const rules = config.requireObject<RuleInput[]>('rules');

// VMs and containers share the id space but the API addresses them separately.
const target = guestType === 'container' ? { nodeName, containerId: guestId } : { nodeName, vmId: guestId };

new proxmoxve.firewall.OptionsLegacy(
  'options',
  { ...target, enabled: firewallEnabled, inputPolicy: config.require('input_policy'), outputPolicy: config.require('output_policy') },
  { provider },
);

const ruleList = new proxmoxve.firewall.RulesLegacy(
  'rules',
  {
    ...target,
    rules: rules.map((rule) => ({
      type: rule.direction,
      action: rule.action,
      proto: rule.protocol,
      dport: rule.dest_port,
      source: rule.source,
      comment: rule.comment,
      enabled: true,
    })),
  },
  { provider },
);

export const vm_id = guestId;
export const guest_type = guestType;
export const enabled = firewallEnabled;
export const rule_count = ruleList.rules.apply((list) => list?.length ?? 0);
