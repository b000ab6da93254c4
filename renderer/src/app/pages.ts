import type { PageId } from '../routing/route';
import type { IconName } from '../ui/Icon';

export interface PageEntry {
  id: PageId;
  label: string;
  icon: IconName;
}

/** The left navigation, top to bottom; Settings sits apart at the bottom. */
export const MAIN_PAGES: readonly PageEntry[] = [
  { id: 'planner', label: 'Planner', icon: 'planner' },
  { id: 'catalog', label: 'Catalog', icon: 'catalog' },
  { id: 'components', label: 'Components', icon: 'components' },
  { id: 'stacks', label: 'Stacks', icon: 'stacks' },
  { id: 'environments', label: 'Environments', icon: 'environments' },
  { id: 'deployments', label: 'Deployments', icon: 'deployments' },
  { id: 'instances', label: 'Stack instances', icon: 'instances' },
  { id: 'approvals', label: 'Approvals', icon: 'approvals' },
  { id: 'audit', label: 'Audit', icon: 'audit' },
  { id: 'sync', label: 'Sync', icon: 'refresh' },
  { id: 'notifications', label: 'Notifications', icon: 'bell' },
  // Bare metal.
  { id: 'baremetal', label: 'Bare metal', icon: 'database' },
];

export const SETTINGS_PAGE: PageEntry = { id: 'settings', label: 'Settings', icon: 'settings' };
