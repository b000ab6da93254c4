import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useApi } from '../api/ApiProvider';
import { PublishDialog } from '../catalog/PublishDialog';
import { DraftSyncPanel } from '../drafts/DraftSyncPanel';
import { useSemanticCatalog } from '../catalog/use-semantic-catalog';
import { componentCommands, editorShortcutKeys, publishComponentCommand, type ComponentCommandContext } from '../commands/editor';
import { runCommand } from '../commands/run-command';
import { useCommandRunner } from '../commands/use-command-runner';
import { useResolvedTheme } from '../theme/ThemeProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ConflictBanner } from '../ui/ConflictBanner';
import { EmptyState } from '../ui/EmptyState';
import { Tabs } from '../ui/Tabs';
import { useDocumentWorkspace } from '../ui/use-document-workspace';
import { BindingEditor } from './bindings/BindingEditor';
import { inputNames } from './component-content';
import { ComponentList } from './ComponentList';
import { ComponentToolbar } from './ComponentToolbar';
import type { ComponentTab } from './component-session';
import { ContractEditor } from './contract/ContractEditor';
import { PendingEditsBanner, ReadOnlyBanner, SaveProblemBanner } from './EditorBanners';
import { VersionHistory } from './history/VersionHistory';
import { componentModelPath } from './model-path';
import type { TypingsStatus } from './monaco/editor-typings';
import { NewComponentDialog } from './NewComponentDialog';
import { TryPanel } from './try/TryPanel';
import { useTryRun, type TryTarget } from './try/use-try-run';
import { componentTypesDeclaration } from './types/schema-to-typescript';
import { TypingsStatusLine } from './TypingsStatusLine';
import { useComponentSession } from './use-component-session';
import './component-editor.css';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

// Monaco is several megabytes; load it when the Components page is first opened, not at start-up.
const CodeEditor = lazy(() => import('./monaco/CodeEditor').then((module) => ({ default: module.CodeEditor })));
const loadTypings = () => import('./monaco/editor-typings');

const TABS: readonly { id: ComponentTab; label: string }[] = [
  { id: 'code', label: 'Code' },
  { id: 'contract', label: 'Contract' },
  { id: 'bindings', label: 'Resolver bindings' },
  { id: 'history', label: 'Versions' },
];

export interface ComponentsPageProps {
  active: boolean;
  routeId: string | undefined;
  onRouteChange(id: string, options?: { replace?: boolean }): void;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const NO_INPUTS: readonly string[] = [];

/** Authoring catalog components: code with IntelliSense, the contract, resolver bindings, versions, and trying it under mocks. */
export function ComponentsPage({ active, routeId, onRouteChange }: ComponentsPageProps) {
  const api = useApi();
  const notifier = useNotifier();
  const theme = useResolvedTheme();
  const catalog = useSemanticCatalog();
  const createBlocked = useBlockedReason('createComponent');
  const resolveBlocked = useBlockedReason('resolveComponentDraftConflict');
  const { session, snapshot } = useComponentSession(api, notifier);
  const {
    components,
    open,
    content,
    dirty,
    viewing,
    problem,
    shown,
    scope,
    tab,
    side,
    tryOpen,
    publishing,
    reveal,
    pendingMessages,
    markers,
  } = snapshot;

  const workspace = useDocumentWorkspace({
    active,
    routeId,
    onRouteChange,
    documents: components?.map((component) => ({ id: component.name })) ?? null,
    open,
    dirty,
    opening: snapshot.opening,
    refreshList: session.refreshList,
    openDocument: session.openComponent,
    // The "New component" dialog creates through the API itself: it needs more than a name.
    createDocument: async () => null,
  });

  const readOnly = viewing !== null;
  const provider = open?.provider ?? '';

  // The SDK declarations of the provider, from the engine (bundled with it, no network).
  useEffect(() => {
    if (!active || !provider) return;
    let cancelled = false;
    void loadTypings()
      .then((module) => module.ensureEditorTypings(api, provider))
      .then((status) => {
        if (!cancelled) session.typingsLoaded(provider, status);
      });
    return () => {
      cancelled = true;
    };
  }, [active, api, provider, open?.loadToken, session]);
  const typingsStatus: TypingsStatus = snapshot.typings?.provider === provider ? snapshot.typings.status : { state: 'loading' };

  // `ComponentArgs` and `args` follow the contract shown, as it is edited.
  const declaration = useMemo(
    () =>
      open && shown
        ? componentTypesDeclaration({
            componentName: open.name,
            inputSchema: shown.inputSchema,
            outputSchema: shown.outputSchema,
            secretInputs: shown.secretInputs,
          })
        : null,
    [open, shown],
  );
  useEffect(() => {
    if (declaration === null) return;
    const timer = setTimeout(() => void loadTypings().then((module) => module.setComponentTypes(declaration)), 150);
    return () => clearTimeout(timer);
  }, [declaration]);

  const savedCode = open?.saved.code;
  const draftCode = content?.code;
  const tryTarget: TryTarget | null = useMemo(() => {
    if (!open) return null;
    if (viewing) return { name: open.name, version: viewing.version, content: viewing.content, code: null };
    if (!content) return null;
    return { name: open.name, version: 'draft', content, code: draftCode !== savedCode ? (draftCode ?? null) : null };
  }, [open, viewing, content, draftCode, savedCode]);
  const tryRun = useTryRun(api, tryTarget);
  const contractUnsaved =
    !viewing &&
    open !== null &&
    content !== null &&
    !(
      sameJson(content.inputSchema, open.saved.inputSchema) &&
      sameJson(content.outputSchema, open.saved.outputSchema) &&
      sameJson(content.resolverBindings, open.saved.resolverBindings) &&
      sameJson(content.secretInputs, open.saved.secretInputs)
    );

  const context: ComponentCommandContext = {
    hasComponent: open !== null && shown !== null,
    readOnly,
    dirty,
    canUndo: snapshot.canUndo,
    canRedo: snapshot.canRedo,
    undo: session.undo,
    redo: session.redo,
    saving: snapshot.saving,
    save: session.save,
    trying: tryRun.running,
    tryIt: async () => {
      session.openTry();
      await tryRun.run();
    },
    publish: async () => {
      await session.publish();
    },
  };
  const run = useCommandRunner(componentCommands, context, workspace.shortcutsActive && !publishing, 'Component');
  // Keys Monaco claims (Ctrl+Enter) reach the commands through the editor, with the latest context.
  const contextRef = useRef(context);
  useLayoutEffect(() => {
    contextRef.current = context;
  });
  const onShortcut = useCallback(
    (binding: string) => {
      const command = componentCommands.find((candidate) => candidate.keys.includes(binding));
      if (command) void runCommand(command, contextRef.current, (failed, error) => notifier.error(`${failed.title} failed`, error));
    },
    [notifier],
  );

  const openVersion = (version: number | null) => {
    void session.openVersion(version);
  };
  const latest = open?.versions.reduce((max, version) => Math.max(max, version.version), 0) ?? 0;
  // Renaming or removing an input of the latest version is recorded for upgrades: fetch what it had.
  const openName = open?.name;
  const latestKey = openName && latest > 0 ? `${openName}@${latest}` : '';
  useEffect(() => {
    if (!openName || latest === 0) return;
    let cancelled = false;
    api.getComponentVersion({ name: openName, version: latest }).then(
      (frozen) => {
        if (!cancelled) session.publishedInputsLoaded(`${openName}@${latest}`, inputNames(frozen.inputSchema));
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, openName, latest, session]);
  const knownPublishedInputs = latestKey !== '' && snapshot.publishedInputs.key === latestKey ? snapshot.publishedInputs.names : NO_INPUTS;

  const editor =
    open && shown ? (
      <>
        <ComponentToolbar
          name={open.name}
          revision={open.revision}
          versions={open.versions}
          viewing={viewing?.version ?? null}
          markers={markers}
          tryOpen={tryOpen}
          context={context}
          onRun={run}
          onOpenVersion={openVersion}
        />
        {snapshot.conflict && (
          <ConflictBanner
            subject="component"
            conflict={snapshot.conflict}
            onDismiss={session.dismissConflict}
            onReload={() => void session.openComponent(open.name)}
          />
        )}
        {viewing && <ReadOnlyBanner version={viewing.version} onEditDraft={() => openVersion(null)} />}
        {!viewing && snapshot.blockedSave && pendingMessages.length > 0 && <PendingEditsBanner messages={pendingMessages} />}
        {!viewing && problem && <SaveProblemBanner problem={problem} onDismiss={session.dismissProblem} onShow={session.showProblem} />}
        {!viewing && (
          <DraftSyncPanel
            info={open.draftSync}
            resolving={snapshot.resolving}
            blocked={resolveBlocked}
            onKeep={(path, valueId) => void session.keepConflictValue(path, valueId)}
            onDiscard={() => void session.discardLocal()}
            subject={`component ${open.name}`}
            remoteChange={snapshot.remoteChange}
          />
        )}
        <div className="component-body">
          <div className="component-main">
            <Tabs label="Component editor" tabs={TABS} current={tab} onChange={session.selectTab} idPrefix="component-tab">
              <div className="component-pane component-pane--code" hidden={tab !== 'code'}>
                <TypingsStatusLine status={typingsStatus} provider={open.provider} semanticType={open.semanticType} />
                <div className="code-stage" data-testid="component-editor" data-readonly={readOnly ? 'true' : 'false'}>
                  <Suspense fallback={<div className="page__loading">Starting the editor…</div>}>
                    <CodeEditor
                      modelPath={componentModelPath(open.name, viewing?.version ?? 'draft')}
                      language="typescript"
                      code={shown.code}
                      loadToken={viewing ? -viewing.version : open.loadToken}
                      theme={theme}
                      readOnly={readOnly}
                      readOnlyMessage={viewing ? `Version ${viewing.version} is published and cannot change; edit the draft.` : undefined}
                      ariaLabel={`Program of ${open.name}${viewing ? ` v${viewing.version} (read-only)` : ''}`}
                      onChange={session.editCode}
                      onMarkers={session.setMarkers}
                      shortcuts={editorShortcutKeys}
                      onShortcut={onShortcut}
                      reveal={reveal}
                    />
                  </Suspense>
                </div>
              </div>
              <div className="component-pane component-pane--scroll" hidden={tab !== 'contract'}>
                <div className="component-pane__content">
                  <label className="field">
                    <span className="field__label">Description</span>
                    <input
                      className="input"
                      value={shown.description}
                      readOnly={readOnly}
                      maxLength={2000}
                      placeholder="What this component creates, in one sentence (shown in the catalog)"
                      onChange={(event) => {
                        const description = event.target.value;
                        session.edit((current) => ({ ...current, description }), { key: 'description' });
                      }}
                      data-testid="component-description-input"
                    />
                  </label>
                  <ContractEditor
                    componentName={open.name}
                    version={viewing?.version ?? 'draft'}
                    content={shown}
                    readOnly={readOnly}
                    loadToken={open.loadToken}
                    historyToken={snapshot.historyToken}
                    theme={theme}
                    publishedInputs={knownPublishedInputs}
                    problem={viewing ? null : problem}
                    side={side}
                    onSideChange={session.selectSide}
                    onEdit={session.edit}
                    onPending={session.reportPending}
                    shortcuts={editorShortcutKeys}
                    onShortcut={onShortcut}
                  />
                </div>
              </div>
              <div className="component-pane component-pane--scroll" hidden={tab !== 'bindings'}>
                <div className="component-pane__content">
                  <BindingEditor
                    content={shown}
                    readOnly={readOnly}
                    generation={`${scope}:${snapshot.historyToken}`}
                    problem={viewing ? null : problem}
                    onEdit={session.edit}
                    onPending={session.reportPending}
                  />
                </div>
              </div>
              <div className="component-pane component-pane--scroll" hidden={tab !== 'history'}>
                <div className="component-pane__content">
                  <VersionHistory
                    name={open.name}
                    versions={open.versions}
                    viewing={viewing?.version ?? null}
                    revision={open.revision * 1000 + open.versions.length + snapshot.historyRevision}
                    dirty={dirty}
                    onOpen={openVersion}
                    onPublish={() => run(publishComponentCommand)}
                  />
                </div>
              </div>
            </Tabs>
          </div>
          {tryOpen && tryTarget && (
            <TryPanel
              componentName={open.name}
              version={tryTarget.version}
              provider={open.provider}
              fields={tryRun.fields}
              texts={tryRun.texts}
              errors={tryRun.errors}
              running={tryRun.running}
              outcome={tryRun.outcome}
              note={
                contractUnsaved
                  ? 'The contract or bindings have unsaved changes: this run uses the saved ones, with the code in the editor. Save (Ctrl+S) to try the edited contract.'
                  : null
              }
              onText={tryRun.setText}
              onReset={tryRun.reset}
              onRun={() => void tryRun.run()}
              onClose={session.closeTry}
              onGoToLine={session.goToLine}
            />
          )}
        </div>
      </>
    ) : null;

  return (
    <div className="page page--split" hidden={!active} data-testid="components-page">
      <ComponentList
        components={components}
        builtInCount={snapshot.builtInCount}
        openId={open?.name ?? null}
        onOpen={(name) => onRouteChange(name)}
        onCreate={workspace.startCreating}
      />
      <section className="page__main">
        {editor ??
          (workspace.empty ? (
            <EmptyState
              icon="components"
              heading="h1"
              title="No components yet"
              testId="components-empty"
              action={
                <button
                  type="button"
                  className="button button--primary"
                  onClick={workspace.startCreating}
                  data-testid="empty-new-component"
                  {...blockedProps(createBlocked)}
                >
                  New component
                </button>
              }
            >
              A component is a Pulumi program for one kind of resource on one provider, with a typed contract of inputs and outputs. Write
              it here with full IntelliSense, try it without a cloud, then publish a version that topologies can use.
            </EmptyState>
          ) : (
            <div className="page__loading">Loading…</div>
          ))}
      </section>
      {workspace.creating && (
        <NewComponentDialog
          catalog={catalog}
          onCancel={workspace.cancelCreating}
          onCreated={(detail) => {
            session.created(detail);
            workspace.cancelCreating();
            notifier.success(`Created ${detail.name}`, 'A draft: try it, then publish a version when it is ready.');
            onRouteChange(detail.name);
          }}
        />
      )}
      {workspace.switchTarget !== null && open && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          message={`"${open.name}" has changes that are not saved. Opening another component discards them.`}
          confirmLabel="Discard and open"
          danger
          onCancel={workspace.stay}
          onConfirm={workspace.discardAndSwitch}
        />
      )}
      {publishing && open && (
        <PublishDialog
          name={open.name}
          nextVersion={latest + 1}
          onCancel={session.cancelPublishing}
          onPublished={(version) => {
            notifier.success(`Published ${open.name} v${version.version}`, 'It is in the catalog now; topologies can pin it.');
            void session.published();
          }}
        />
      )}
    </div>
  );
}
