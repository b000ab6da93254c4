import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Environment, IpamPool, LandingZone } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { useSemanticCatalog } from '../catalog/use-semantic-catalog';
import { useNotifier } from '../toasts/ToastProvider';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { Tabs } from '../ui/Tabs';
import { useReactivation } from '../ui/use-reactivation';
import { EnvironmentCard } from './EnvironmentCard';
import { IpamView } from './ipam/IpamView';
import { LandingZoneCard } from './LandingZoneCard';
import { NewEnvironmentDialog } from './NewEnvironmentDialog';
import { SandboxOffer } from './sandbox/SandboxOffer';
import { useLocalSandbox } from './sandbox/use-local-sandbox';
import { NewLandingZoneDialog } from './NewLandingZoneDialog';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
// Cost estimates.
import { PricingSnapshotBar } from '../cost/PricingSnapshotBar';
import { GovernancePanel } from '../governance/GovernancePanel';
import { TemplatesPanel } from './templates/TemplatesPanel';

type Tab = 'environments' | 'ipam' | 'governance' | 'templates';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'environments', label: 'Landing zones & environments' },
  { id: 'ipam', label: 'IPAM' },
  // Governance of the tenant's topologies.
  { id: 'governance', label: 'Governance' },
  // Environment templates with mandatory components and their default parameters.
  { id: 'templates', label: 'Templates' },
];

/** Where topologies run: landing zones, their environments with effective settings, and the address pools. */
export function EnvironmentsPage({ active }: { active: boolean }) {
  const api = useApi();
  const [tab, setTab] = useState<Tab>('environments');
  const [changes, setChanges] = useState(0);
  const refreshKey = `${useReactivation(active)}:${changes}`;
  const changed = useCallback(() => setChanges((count) => count + 1), []);

  const loadZones = useCallback(() => api.listLandingZones({}), [api]);
  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const loadPools = useCallback(() => api.listIpamPools({}), [api]);
  const zones = useApiResource(loadZones, 'Could not list landing zones', refreshKey);
  const environments = useApiResource(loadEnvironments, 'Could not list environments', refreshKey);
  const pools = useApiResource(loadPools, 'Could not list IPAM pools', refreshKey);

  return (
    <div className="page page--scroll" hidden={!active} data-testid="environments-page">
      <div className="page__content page__content--wide">
        <header className="page__header">
          <div>
            <h1 className="page__title">Environments</h1>
            <p className="page__subtitle">
              Landing zones hold a provider's settings; environments inherit and override them; IPAM pools hand out addresses.
            </p>
            <PricingSnapshotBar />
          </div>
        </header>
        <Tabs label="Environments sections" tabs={TABS} current={tab} onChange={setTab} idPrefix="environments-tab">
          {tab === 'environments' ? (
            <ZonesAndEnvironments zones={zones.value} environments={environments.value} pools={pools.value ?? []} onChanged={changed} />
          ) : tab === 'templates' ? (
            <TemplatesPanel zones={zones.value ?? []} onChanged={changed} />
          ) : tab === 'governance' ? (
            <GovernancePanel refreshKey={refreshKey} />
          ) : (
            <IpamView pools={pools.value} refreshKey={refreshKey} onChanged={changed} />
          )}
        </Tabs>
      </div>
    </div>
  );
}

interface ZonesAndEnvironmentsProps {
  zones: LandingZone[] | null;
  environments: Environment[] | null;
  pools: IpamPool[];
  onChanged(): void;
}

function ZonesAndEnvironments({ zones, environments, pools, onChanged }: ZonesAndEnvironmentsProps) {
  const bootstrapBlocked = useBlockedReason('createLandingZone');
  const notifier = useNotifier();
  const catalog = useSemanticCatalog();
  const [dialog, setDialog] = useState<'zone' | 'environment' | null>(null);
  const sandbox = useLocalSandbox(onChanged);

  if (zones === null || environments === null) return <div className="page__loading">Loading…</div>;

  const newZoneButton = (primary: boolean, testId: string) => (
    <button
      type="button"
      className={`button${primary ? ' button--primary' : ' button--small'}`}
      onClick={() => setDialog('zone')}
      data-testid={testId}
      {...blockedProps(bootstrapBlocked, { disabled: !catalog })}
    >
      <Icon name="plus" size={14} />
      New landing zone
    </button>
  );

  return (
    <>
      {zones.length === 0 ? (
        <EmptyState
          icon="environments"
          title="No environments yet"
          testId="environments-empty"
          action={newZoneButton(true, 'empty-new-landing-zone')}
        >
          Start with a landing zone: the provider backend — a Proxmox cluster, a cloud account — and the IPAM pool and naming rules its
          environments share. Then add environments such as dev and prod to it.
          <SandboxOffer
            variant="inline"
            creating={sandbox.creating}
            onCreate={() => void sandbox.create()}
            testId="environments-sandbox-offer"
          />
        </EmptyState>
      ) : (
        <>
          <section className="page-section" aria-labelledby="zones-title">
            <header className="section-header">
              <h2 id="zones-title" className="section-header__title">
                Landing zones
              </h2>
              {newZoneButton(false, 'new-landing-zone')}
            </header>
            <div className="entity-grid" data-testid="landing-zone-list">
              {zones.map((zone) => (
                <LandingZoneCard
                  key={zone.id}
                  zone={zone}
                  environmentCount={environments.filter((environment) => environment.landingZone === zone.name).length}
                  onChanged={onChanged}
                />
              ))}
            </div>
          </section>
          <section className="page-section" aria-labelledby="environment-list-title">
            <header className="section-header">
              <h2 id="environment-list-title" className="section-header__title">
                Environments
              </h2>
              <button
                type="button"
                className="button button--small"
                onClick={() => setDialog('environment')}
                data-testid="new-environment"
                {...blockedProps(bootstrapBlocked)}
              >
                <Icon name="plus" size={14} />
                New environment
              </button>
            </header>
            {environments.length === 0 ? (
              <p className="section-hint" data-testid="no-environments">
                No environments in any landing zone yet. Create one to plan topologies against it.
              </p>
            ) : (
              <>
                <p className="section-hint">
                  Each setting shows the layer it comes from: the environment itself, its template, its landing zone, or the default.
                </p>
                <div className="entity-grid entity-grid--wide" data-testid="environment-list">
                  {environments.map((environment) => (
                    <EnvironmentCard key={environment.id} environment={environment} onChanged={onChanged} />
                  ))}
                </div>
              </>
            )}
          </section>
        </>
      )}
      {dialog === 'zone' && catalog && (
        <NewLandingZoneDialog
          providers={catalog.providers}
          pools={pools}
          onCancel={() => setDialog(null)}
          onCreated={(zone) => {
            setDialog(null);
            notifier.success(`Created landing zone ${zone.name}`);
            onChanged();
          }}
        />
      )}
      {dialog === 'environment' && (
        <NewEnvironmentDialog
          zones={zones}
          pools={pools}
          onCancel={() => setDialog(null)}
          onCreated={(environment) => {
            setDialog(null);
            notifier.success(`Created environment ${environment.name}`, `In landing zone ${environment.landingZone}.`);
            onChanged();
          }}
        />
      )}
    </>
  );
}
