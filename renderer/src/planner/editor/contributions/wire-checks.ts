import { DisposableStore, toDisposable, type Disposable } from '../../../lifecycle/disposable-store';
import { checkWire } from '../../wire-check';
import type { PlannerCore } from '../planner-core';

type SocketEnd = { nodeId: string; side: 'input' | 'output'; key: string };

/**
 * Whether wires fit: each new wire carries its own problem, and while a wire is being dragged every
 * socket says whether it could end there (`data-wire-hint`).
 */
export function installWireChecks(core: PlannerCore): Disposable {
  const { editor } = core;
  const store = new DisposableStore();
  const sockets = new Map<HTMLElement, SocketEnd>();
  store.add(toDisposable(() => sockets.clear()));

  const showWireHints = (picked: SocketEnd): void => {
    for (const [element, socket] of sockets) {
      if (socket.side === picked.side || socket.nodeId === picked.nodeId) {
        element.dataset['wireHint'] =
          socket.nodeId === picked.nodeId && socket.key === picked.key && socket.side === picked.side ? 'picked' : 'none';
        continue;
      }
      const ends =
        picked.side === 'output'
          ? { source: picked.nodeId, output: picked.key, target: socket.nodeId, input: socket.key }
          : { source: socket.nodeId, output: socket.key, target: picked.nodeId, input: picked.key };
      element.dataset['wireHint'] = checkWire(editor, ends) === null ? 'fits' : 'refused';
    }
  };
  const clearWireHints = (): void => {
    for (const element of sockets.keys()) delete element.dataset['wireHint'];
  };

  store.add(
    core.signals.connection.observe((context) => {
      if (context.type === 'connectionpick') showWireHints(context.data.socket);
      if (context.type === 'connectiondrop') clearWireHints();
    }),
  );
  store.add(
    core.signals.area.observe((context) => {
      if (context.type === 'render' && context.data.type === 'socket') {
        const { element, nodeId, side, key } = context.data;
        sockets.set(element, { nodeId, side, key });
      }
      if (context.type === 'unmount') sockets.delete(context.data.element);
    }),
  );
  store.add(
    core.signals.editor.observe((context) => {
      if (context.type !== 'connectioncreated') return;
      const wire = context.data;
      wire.localProblem = checkWire(editor, {
        source: wire.source,
        output: wire.sourceOutput,
        target: wire.target,
        input: wire.targetInput,
      });
    }),
  );
  return store;
}
