import { useCallback, useState } from 'react';
import { ApiProvider, useApi } from '../api/ApiProvider';
import type { ApiConnection } from '../api/connection';
import { ApprovalsPage } from '../approvals/ApprovalsPage';
import { AuditPage } from '../audit/AuditPage';
import { CatalogPage } from '../catalog/CatalogPage';
import { DeploymentsPage } from '../deployments/DeploymentsPage';
import { ComponentsPage } from '../editor/ComponentsPage';
import { EnvironmentsPage } from '../environments/EnvironmentsPage';
import { InstancesPage } from '../instances/InstancesPage';
import { NotificationsPage } from '../notifications/NotificationsPage';
// Bare metal.
import { BareMetalPage } from '../baremetal/BareMetalPage';
import { PlannerPage } from '../planner/PlannerPage';
import { StacksPage } from '../stacks/StacksPage';
import { runSyncNow } from '../sync/run-sync-now';
import { SyncPage } from '../sync/SyncPage';
import type { PageId } from '../routing/route';
import { useRoute } from '../routing/use-route';
import { SettingsPage } from '../settings/SettingsPage';
import { CommandPalette } from '../commands/palette/CommandPalette';
import { CommandPaletteProvider, useCommandPalette } from '../commands/palette/CommandPaletteProvider';
import { useCommandRunner } from '../commands/use-command-runner';
import { PermissionProvider } from '../permissions/PermissionProvider';
import { ToastProvider, useNotifier } from '../toasts/ToastProvider';
import { globalCommands, type GlobalCommandContext } from './global-commands';
import { MAIN_PAGES, SETTINGS_PAGE } from './pages';
import { NavBar } from './NavBar';
import { SettingsProvider, useSettings } from './SettingsProvider';
import { StatusBar } from './StatusBar';
import { OfflineReplicaHint } from '../sync/OfflineReplicaHint';
import { useSystemInfo } from './use-system-info';

export function App({ connection }: { connection: ApiConnection }) {
  return (
    <ApiProvider connection={connection}>
      <PermissionProvider>
        <ToastProvider>
          <SettingsProvider>
            <CommandPaletteProvider>
              <Shell />
            </CommandPaletteProvider>
          </SettingsProvider>
        </ToastProvider>
      </PermissionProvider>
    </ApiProvider>
  );
}

function Shell() {
  const { route, navigate } = useRoute();
  const info = useSystemInfo();
  // Pages stay mounted once visited, so switching pages keeps unsaved work, the canvas and the editor.
  const [visited, setVisited] = useState<ReadonlySet<PageId>>(() => new Set([route.page]));
  if (!visited.has(route.page)) setVisited(new Set([...visited, route.page]));

  const toPlanner = useCallback((id: string, options?: { replace?: boolean }) => navigate({ page: 'planner', id }, options), [navigate]);
  const toComponent = useCallback(
    (id: string, options?: { replace?: boolean }) => navigate({ page: 'components', id }, options),
    [navigate],
  );
  const toCatalog = useCallback((name: string | null) => navigate(name ? { page: 'catalog', id: name } : { page: 'catalog' }), [navigate]);
  const toEnvironments = useCallback(() => navigate({ page: 'environments' }), [navigate]);
  const toStack = useCallback(
    (name: string, options?: { replace?: boolean }) => navigate({ page: 'stacks', id: name }, options),
    [navigate],
  );
  const toInstance = useCallback((id: string | null) => navigate(id ? { page: 'instances', id } : { page: 'instances' }), [navigate]);
  const toDeployments = useCallback(
    (id?: string | null) => navigate(id ? { page: 'deployments', id } : { page: 'deployments' }),
    [navigate],
  );
  const toApproval = useCallback((id: string | null) => navigate(id ? { page: 'approvals', id } : { page: 'approvals' }), [navigate]);
  const idFor = (page: PageId) => (route.page === page ? route.id : undefined);
  const palette = useCommandPalette();
  const { settings, setTheme } = useSettings();
  const api = useApi();
  const notifier = useNotifier();
  const globalContext: GlobalCommandContext = {
    navigate: (page) => navigate({ page }),
    openPalette: () => palette?.setOpen(true),
    theme: settings.theme,
    setTheme: (theme) => void setTheme(theme),
    syncNow: () => void runSyncNow(api, notifier),
  };
  useCommandRunner(globalCommands, globalContext, true, 'App');
  const pageLabel = [...MAIN_PAGES, SETTINGS_PAGE].find((page) => page.id === route.page)?.label ?? 'Page';

  return (
    <div className="app">
      <NavBar current={route.page} onNavigate={(page) => navigate({ page })} />
      <main className="app__main">
        {visited.has('planner') && (
          <PlannerPage
            active={route.page === 'planner'}
            routeId={idFor('planner')}
            onRouteChange={toPlanner}
            onOpenEnvironments={toEnvironments}
            onOpenDeployments={() => toDeployments(null)}
          />
        )}
        {visited.has('catalog') && <CatalogPage active={route.page === 'catalog'} routeId={idFor('catalog')} onOpen={toCatalog} />}
        {visited.has('components') && (
          <ComponentsPage active={route.page === 'components'} routeId={idFor('components')} onRouteChange={toComponent} />
        )}
        {visited.has('stacks') && <StacksPage active={route.page === 'stacks'} routeId={idFor('stacks')} onRouteChange={toStack} />}
        {visited.has('environments') && <EnvironmentsPage active={route.page === 'environments'} />}
        {visited.has('deployments') && (
          <DeploymentsPage active={route.page === 'deployments'} routeId={idFor('deployments')} onOpen={toDeployments} />
        )}
        {visited.has('instances') && <InstancesPage active={route.page === 'instances'} routeId={idFor('instances')} onOpen={toInstance} />}
        {visited.has('approvals') && <ApprovalsPage active={route.page === 'approvals'} routeId={idFor('approvals')} onOpen={toApproval} />}
        {visited.has('audit') && <AuditPage active={route.page === 'audit'} />}
        {visited.has('sync') && <SyncPage active={route.page === 'sync'} onOpenSettings={() => navigate({ page: 'settings' })} />}
        {visited.has('notifications') && (
          <NotificationsPage
            active={route.page === 'notifications'}
            routeId={idFor('notifications')}
            onRouteChange={(tab) => navigate({ page: 'notifications', id: tab }, { replace: true })}
          />
        )}
        {visited.has('settings') && <SettingsPage active={route.page === 'settings'} info={info} />}
        {visited.has('baremetal') && <BareMetalPage active={route.page === 'baremetal'} />}
        <OfflineReplicaHint />
      </main>
      <StatusBar
        info={info}
        onOpenAccount={() => navigate({ page: 'settings' })}
        onOpenSync={() => navigate({ page: 'sync' })}
        onOpenRoute={navigate}
      />
      <CommandPalette pageLabel={pageLabel} />
    </div>
  );
}
