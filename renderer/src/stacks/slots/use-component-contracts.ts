import { useCallback, useEffect, useState } from 'react';
import type { NimbusApi } from '../../../../engine/api/contract';
import type { ComponentContent } from '../../api/entities';

/** A component version a slot pins: loading, loaded, or why it could not be read. */
export type ContractState = { state: 'loading' } | { state: 'ready'; content: ComponentContent } | { state: 'missing'; message: string };

/** Published component references (`name@version`) for the slot picker, newest version of each first. */
export function componentReferences(components: readonly { name: string; latestVersion: number | null }[]): string[] {
  return components
    .filter((component) => component.latestVersion !== null)
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((component) =>
      Array.from({ length: component.latestVersion ?? 0 }, (_, index) => `${component.name}@${(component.latestVersion ?? 0) - index}`),
    );
}

/** Splits `name@version`; null when the reference is not one. */
export function parseReference(reference: string): { name: string; version: number } | null {
  const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(reference);
  return match?.[1] && match[2] ? { name: match[1], version: Number(match[2]) } : null;
}

/**
 * The published components (for pickers) and the frozen content of the versions slots pin (inputs
 * and outputs for the expression fields, code for the read-only view). Versions never change, so
 * each is fetched once.
 */
export function useComponentContracts(api: NimbusApi, active: boolean) {
  const [references, setReferences] = useState<string[] | null>(null);
  const [contents, setContents] = useState<ReadonlyMap<string, ContractState>>(new Map());

  useEffect(() => {
    if (!active || references !== null) return;
    let cancelled = false;
    api.listComponents({}).then(
      (all) => {
        if (!cancelled) setReferences(componentReferences(all));
      },
      () => {
        if (!cancelled) setReferences([]);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, active, references]);

  const request = useCallback(
    (reference: string) => {
      if (contents.has(reference)) return;
      const parsed = parseReference(reference);
      if (!parsed) {
        setContents((previous) =>
          new Map(previous).set(reference, { state: 'missing', message: `${reference} is not a component reference (name@version).` }),
        );
        return;
      }
      setContents((previous) => new Map(previous).set(reference, { state: 'loading' }));
      api.getComponentVersion(parsed).then(
        (content) => setContents((previous) => new Map(previous).set(reference, { state: 'ready', content })),
        (error: unknown) =>
          setContents((previous) =>
            new Map(previous).set(reference, { state: 'missing', message: error instanceof Error ? error.message : String(error) }),
          ),
      );
    },
    [api, contents],
  );

  return { references, contents, request };
}

export type ComponentContracts = ReturnType<typeof useComponentContracts>;
