import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiProvider';

/**
 * The input names of components (the keys of their drafts' input schemas), read as the components
 * are named, for forms that let a person pick a parameter; a component the catalog no longer has gets none.
 */
export function useParameterNames(components: string[]): Record<string, string[]> {
  const api = useApi();
  const [names, setNames] = useState<Record<string, string[]>>({});
  const wanted = [...new Set(components.filter(Boolean))].filter((name) => !(name in names)).join('\n');
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    for (const name of wanted.split('\n')) {
      api
        .getComponent({ name })
        .then((detail) => {
          const properties = (detail.draft.inputSchema as { properties?: Record<string, unknown> }).properties ?? {};
          if (live) setNames((current) => ({ ...current, [name]: Object.keys(properties).sort() }));
        })
        // A component the catalog no longer has: its parameters are typed by hand.
        .catch(() => live && setNames((current) => ({ ...current, [name]: [] })));
    }
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return names;
}
