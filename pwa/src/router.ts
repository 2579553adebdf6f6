// A handful of paths; the server and the service worker answer every one with index.html.
export type CaseDocumentKind = 'filing' | 'notice' | 'decision';
export const CASE_DOCUMENTS: readonly CaseDocumentKind[] = ['filing', 'notice', 'decision'];

export type Route =
  | { name: 'home' }
  | { name: 'file' }
  | { name: 'items' }
  | { name: 'item'; id: string }
  | { name: 'inbox' }
  | { name: 'cases' }
  | { name: 'case'; id: string }
  | { name: 'caseDocument'; id: string; doc: CaseDocumentKind }
  | { name: 'deadlines' }
  | { name: 'approvals' }
  | { name: 'dutyChecks' }
  | { name: 'renovations' }
  | { name: 'renovationNew' }
  | { name: 'renovationLeague' }
  | { name: 'renovation'; id: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/file') return { name: 'file' };
  if (path === '/items') return { name: 'items' };
  if (path === '/inbox') return { name: 'inbox' };
  if (path === '/cases') return { name: 'cases' };
  if (path === '/deadlines') return { name: 'deadlines' };
  if (path === '/approvals') return { name: 'approvals' };
  if (path === '/duty-checks') return { name: 'dutyChecks' };
  if (path === '/renovations') return { name: 'renovations' };
  if (path === '/renovations/new') return { name: 'renovationNew' };
  if (path === '/renovations/league') return { name: 'renovationLeague' };
  const renovation = /^\/renovations\/([^/]+)$/.exec(path);
  if (renovation) return { name: 'renovation', id: decodeURIComponent(renovation[1]!) };
  const item = /^\/items\/([^/]+)$/.exec(path);
  if (item) return { name: 'item', id: decodeURIComponent(item[1]!) };
  const kase = /^\/cases\/([^/]+)$/.exec(path);
  if (kase) return { name: 'case', id: decodeURIComponent(kase[1]!) };
  const doc = /^\/cases\/([^/]+)\/documents\/(filing|notice|decision)$/.exec(path);
  if (doc) return { name: 'caseDocument', id: decodeURIComponent(doc[1]!), doc: doc[2] as CaseDocumentKind };
  return { name: 'home' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'item':
      return `/items/${encodeURIComponent(route.id)}`;
    case 'case':
      return `/cases/${encodeURIComponent(route.id)}`;
    case 'caseDocument':
      return `/cases/${encodeURIComponent(route.id)}/documents/${route.doc}`;
    case 'dutyChecks':
      return '/duty-checks';
    case 'renovationNew':
      return '/renovations/new';
    case 'renovationLeague':
      return '/renovations/league';
    case 'renovation':
      return `/renovations/${encodeURIComponent(route.id)}`;
    default:
      return `/${route.name}`;
  }
}
