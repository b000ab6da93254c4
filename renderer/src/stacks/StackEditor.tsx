import { useState } from 'react';
import type { StackDocument } from '../../../engine/api/schemas/stacks';
import type { Command } from '../commands/command';
import type { StackCommandContext } from '../commands/stacks';
import { DraftSyncPanel } from '../drafts/DraftSyncPanel';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { Tabs } from '../ui/Tabs';
import { StateMachineDiagram } from './diagram/StateMachineDiagram';
import { LifecyclePane } from './lifecycle/LifecyclePane';
import { areaOfIssue, type StackArea, type StackIssue } from './model/issue-paths';
import { LIFECYCLE_WORKFLOWS } from '../../../engine/common/lifecycle-workflows';
import { withStateMachine } from './model/stack-edits';
import { ParametersPane } from './parameters/ParametersPane';
import { ProblemsPanel } from './ProblemsPanel';
import { SlotsPane } from './slots/SlotsPane';
import type { ComponentContracts } from './slots/use-component-contracts';
import { RejectedBanner, StackConflictBanner, VersionBanner } from './StackBanners';
import { StackToolbar } from './StackToolbar';
import type { StackSession } from './use-stack-session';
import { VersionsPane } from './versions/VersionsPane';

type TabId = StackArea | 'versions';
const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'slots', label: 'Slots' },
  { id: 'parameters', label: 'Parameters & outputs' },
  { id: 'machine', label: 'State machine' },
  { id: 'lifecycle', label: 'Lifecycle & day-2' },
  { id: 'versions', label: 'Versions' },
];

const NO_ISSUES: StackIssue[] = [];

export interface StackEditorProps {
  session: StackSession;
  contracts: ComponentContracts;
  context: StackCommandContext;
  onRun(command: Command<StackCommandContext>): void;
  onOpenStack(name: string): void;
}

/** The open stack: toolbar, conflict and save banners, the five tabs, and the problems list. */
export function StackEditor({ session, contracts, context, onRun, onOpenStack }: StackEditorProps) {
  const [tab, setTab] = useState<TabId>('slots');
  const [slotFocus, setSlotFocus] = useState<{ index: number; token: number } | null>(null);
  const resolveBlocked = useBlockedReason('resolveStackDraftConflict');
  const { open, viewing } = session;
  const draft = session.document;
  if (!open || !draft) return null;
  const readOnly = viewing !== null;
  const document: StackDocument = viewing ? viewing.document : draft;
  // A published version had no problems when it was published; the draft's do not apply to it.
  const rejected = readOnly ? NO_ISSUES : (session.rejected?.issues ?? NO_ISSUES);
  const issues = readOnly ? NO_ISSUES : [...rejected, ...session.issues];
  const edit = readOnly ? () => undefined : session.edit;
  const workflows = [...LIFECYCLE_WORKFLOWS, ...document.operations.map((operation) => operation.name)];

  const show = (issue: StackIssue) => {
    const area = areaOfIssue(issue.path);
    setTab(area);
    const slot = /^slots\.(\d+)/.exec(issue.path);
    if (area === 'slots' && slot?.[1]) setSlotFocus((previous) => ({ index: Number(slot[1]), token: (previous?.token ?? 0) + 1 }));
  };

  return (
    <div className="stack-editor" data-testid="stack-editor" data-readonly={readOnly ? 'true' : 'false'}>
      <StackToolbar
        open={open}
        versions={session.versions}
        viewing={viewing?.version ?? null}
        dirty={session.dirty}
        saving={session.saving}
        context={context}
        onRun={onRun}
        onView={(version) => void session.openVersion(version)}
      />
      {session.conflict && !readOnly && (
        <StackConflictBanner
          conflict={session.conflict}
          onKeepMine={() => void session.keepMine()}
          onLoadTheirs={() => void session.loadTheirs()}
        />
      )}
      {session.rejected && !readOnly && <RejectedBanner message={session.rejected.message} />}
      {viewing && <VersionBanner version={viewing.version} onEditDraft={() => void session.openVersion(null)} />}
      {!viewing && (
        <DraftSyncPanel
          info={open.draftSync}
          resolving={session.resolving}
          blocked={resolveBlocked}
          onKeep={(path, valueId) => void session.keepConflictValue(path, valueId)}
          onDiscard={() => void session.discardLocal()}
          subject={`stack ${open.name}`}
          remoteChange={session.remoteChange}
        />
      )}
      <div className="stack-editor__main">
        <Tabs label="Stack editor" tabs={TABS} current={tab} onChange={setTab} idPrefix="stack-tab">
          <div className="stack-pane stack-pane--scroll" hidden={tab !== 'slots'}>
            <SlotsPane document={document} issues={issues} readOnly={readOnly} contracts={contracts} focus={slotFocus} edit={edit} />
          </div>
          <div className="stack-pane stack-pane--scroll" hidden={tab !== 'parameters'}>
            <ParametersPane document={document} issues={issues} readOnly={readOnly} edit={edit} />
          </div>
          <div className="stack-pane" hidden={tab !== 'machine'}>
            <StateMachineDiagram
              machine={document.stateMachine}
              editable={!readOnly}
              onChange={(machine) => edit((current) => withStateMachine(current, machine))}
              problems={issues}
              workflows={workflows}
            />
          </div>
          <div className="stack-pane stack-pane--scroll" hidden={tab !== 'lifecycle'}>
            <LifecyclePane document={document} issues={issues} readOnly={readOnly} edit={edit} />
          </div>
          <div className="stack-pane stack-pane--scroll" hidden={tab !== 'versions'}>
            <VersionsPane
              name={open.name}
              versions={session.versions}
              forkedFrom={open.forkedFrom}
              viewing={viewing?.version ?? null}
              publishBlocked={context.publishBlocked}
              onPublish={context.publish}
              onFork={context.fork}
              onView={(version) => void session.openVersion(version)}
              onOpenStack={onOpenStack}
            />
          </div>
        </Tabs>
      </div>
      {!readOnly && <ProblemsPanel issues={session.issues} rejected={rejected} onShow={show} />}
    </div>
  );
}
