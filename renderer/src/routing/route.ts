export const PAGE_IDS = [
  'planner',
  'catalog',
  'components',
  'stacks',
  'environments',
  'deployments',
  'instances',
  'approvals',
  'audit',
  'sync',
  'notifications',
  'settings',
  // Bare metal.
  'baremetal',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

/** A page and, for pages that open a document, the document's id. */
export interface Route {
  page: PageId;
  id?: string;
}

const isPageId = (value: string): value is PageId => (PAGE_IDS as readonly string[]).includes(value);

// Hash routes: the app is served from a file in Electron and from `/` in the browser shell, and a hash
// survives a reload in both without the server knowing about client routes.
export function parseRoute(hash: string): Route {
  const [page = '', id] = hash.replace(/^#\/?/, '').split('/');
  if (!isPageId(page)) return { page: 'planner' };
  return id ? { page, id: decodeURIComponent(id) } : { page };
}

export function formatRoute(route: Route): string {
  return route.id ? `#/${route.page}/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}
