import { lazy, Suspense } from 'react';
import { componentModelPath } from '../../editor/model-path';
import { useResolvedTheme } from '../../theme/ThemeProvider';
import { parseReference, type ContractState } from './use-component-contracts';

// Monaco is several megabytes: load it when a slot's code is first shown (the component editor's bundled setup, no CDN).
const CodeEditor = lazy(() => import('../../editor/monaco/CodeEditor').then((module) => ({ default: module.CodeEditor })));

const ignore = () => undefined;

/** The program of the component version a slot pins, read-only (published versions never change). */
export function SlotCodeView({ reference, contract }: { reference: string; contract: ContractState | undefined }) {
  const theme = useResolvedTheme();
  const parsed = parseReference(reference);
  if (!parsed || !contract || contract.state === 'loading') return <div className="page__loading">Loading the program…</div>;
  if (contract.state === 'missing') return <p className="muted">{contract.message}</p>;
  return (
    <div className="code-stage stack-slot-code" data-testid="slot-code" data-readonly="true">
      <Suspense fallback={<div className="page__loading">Starting the editor…</div>}>
        <CodeEditor
          modelPath={componentModelPath(parsed.name, parsed.version)}
          language="typescript"
          code={contract.content.code}
          loadToken={parsed.version}
          theme={theme}
          readOnly
          readOnlyMessage={`${reference} is published and cannot change here; edit the component on the Components page.`}
          ariaLabel={`Program of ${reference} (read-only)`}
          onChange={ignore}
        />
      </Suspense>
    </div>
  );
}
