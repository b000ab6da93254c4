import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { ComponentDetail, SemanticCatalog } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { useNotifier } from '../toasts/ToastProvider';
import { DetailBackButton, DetailPlaceholder } from '../ui/DetailPlaceholder';
import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { contractProperties } from './contract-properties';
import { ContractTable } from './ContractTable';
import { PublishDialog } from './PublishDialog';
import { categoryName, providerTypeName } from './use-semantic-catalog';
import { VersionDiff } from './VersionDiff';
import { VersionList } from './VersionList';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

export interface ComponentDetailViewProps {
  name: string;
  catalog: SemanticCatalog | null;
  onBack(): void;
  /** After a publish, so the grid shows the new latest version. */
  onChanged(): void;
}

/** One catalog component: what it is, its contract with resolver bindings, its versions and their differences. */
export function ComponentDetailView({ name, catalog, onBack, onChanged }: ComponentDetailViewProps) {
  const api = useApi();
  const notifier = useNotifier();
  const load = useCallback(() => api.getComponent({ name }), [api, name]);
  const component = useApiResource(load, `Could not open ${name}`);
  const [publishing, setPublishing] = useState(false);
  const publishBlocked = useBlockedReason('publishComponent');
  // Counts publishes, so the comparison below refetches what "draft" and the versions now hold.
  const [revision, setRevision] = useState(0);
  const detail = component.value?.name === name ? component.value : null;
  // Opening a component replaces the card that had focus; keyboard users continue from its title.
  const titleRef = useRef<HTMLHeadingElement>(null);
  const shownName = detail?.name;
  useEffect(() => {
    if (shownName) titleRef.current?.focus();
  }, [shownName]);

  const back = <DetailBackButton label="Catalog" onBack={onBack} testId="catalog-back" />;

  if (!detail) {
    return (
      <DetailPlaceholder
        testId="component-detail"
        back={back}
        loading={component.loading || component.error === null}
        icon="catalog"
        title="Component not available"
        missingTestId="component-missing"
      >
        {name} could not be loaded. It may have been removed, or belong to another tenant.
      </DetailPlaceholder>
    );
  }

  const latest = detail.versions.reduce((max, version) => Math.max(max, version.version), 0);
  return (
    <div className="detail" data-testid="component-detail" data-name={detail.name}>
      {back}
      <header className="detail__header">
        <div className="detail__heading">
          <h1 ref={titleRef} tabIndex={-1} className="detail__title" data-testid="component-detail-name">
            {detail.name}
          </h1>
          <div className="detail__tags">
            {latest > 0 ? <Tag tone="accent">v{latest}</Tag> : <Tag tone="warning">draft</Tag>}
            {detail.system && (
              <Tag title="Shipped with Nimbus; it cannot be edited or published here" testId="component-builtin">
                <Icon name="lock" size={12} /> Built-in · read-only
              </Tag>
            )}
          </div>
        </div>
        {!detail.system && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setPublishing(true)}
            data-testid="publish-component"
            {...blockedProps(publishBlocked)}
          >
            <Icon name="publish" size={16} />
            Publish…
          </button>
        )}
      </header>

      <section className="card" aria-labelledby="component-overview-title">
        <h2 id="component-overview-title" className="card__title">
          Overview
        </h2>
        <p className="detail__description" data-testid="component-description">
          {detail.description || 'No description.'}
        </p>
        <Overview detail={detail} catalog={catalog} />
      </section>

      <section className="card" aria-labelledby="component-inputs-title">
        <h2 id="component-inputs-title" className="card__title">
          Inputs
        </h2>
        <ContractTable
          kind="inputs"
          properties={contractProperties(detail.draft.inputSchema, {
            bindings: detail.draft.resolverBindings,
            secretInputs: detail.draft.secretInputs,
          })}
        />
      </section>

      <section className="card" aria-labelledby="component-outputs-title">
        <h2 id="component-outputs-title" className="card__title">
          Outputs
        </h2>
        <ContractTable kind="outputs" properties={contractProperties(detail.draft.outputSchema)} />
      </section>

      <section className="card" aria-labelledby="component-versions-title">
        <h2 id="component-versions-title" className="card__title">
          Versions
        </h2>
        <VersionList versions={detail.versions} />
      </section>

      <section className="card" aria-labelledby="component-compare-title">
        <h2 id="component-compare-title" className="card__title">
          Compare versions
        </h2>
        <VersionDiff name={detail.name} versions={detail.versions} hasDraft={!detail.system} revision={revision} />
      </section>

      {publishing && (
        <PublishDialog
          name={detail.name}
          nextVersion={latest + 1}
          onCancel={() => setPublishing(false)}
          onPublished={(version) => {
            setPublishing(false);
            notifier.success(`Published ${detail.name} v${version.version}`, version.changelog);
            setRevision((previous) => previous + 1);
            component.reload();
            onChanged();
          }}
        />
      )}
    </div>
  );
}

function Overview({ detail, catalog }: { detail: ComponentDetail; catalog: SemanticCatalog | null }) {
  const nativeName = providerTypeName(catalog, detail.semanticType, detail.provider);
  return (
    <dl className="facts facts--wide">
      <dt>Provider</dt>
      <dd data-testid="component-provider">{detail.provider}</dd>
      <dt>Semantic type</dt>
      <dd data-testid="component-semantic-type">
        {detail.semanticType}
        {nativeName && <span className="muted"> · {nativeName}</span>}
      </dd>
      <dt>Category</dt>
      <dd>{categoryName(catalog, detail.category)}</dd>
      <dt>Available to</dt>
      <dd>{detail.system ? 'Everyone (built-in)' : detail.tenant === null ? 'Every tenant (shared)' : `Tenant ${detail.tenant}`}</dd>
      {!detail.system && (
        <>
          <dt>Draft</dt>
          <dd>Revision {detail.draftRevision}</dd>
        </>
      )}
    </dl>
  );
}
