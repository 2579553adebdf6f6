// A handful of paths; the server and the service worker answer every one with index.html.
export type Route =
  | { name: 'home' }
  | { name: 'file' }
  | { name: 'items' }
  | { name: 'item'; id: string }
  | { name: 'inbox' };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/file') return { name: 'file' };
  if (path === '/items') return { name: 'items' };
  if (path === '/inbox') return { name: 'inbox' };
  const item = /^\/items\/([^/]+)$/.exec(path);
  if (item) return { name: 'item', id: decodeURIComponent(item[1]!) };
  return { name: 'home' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'item':
      return `/items/${encodeURIComponent(route.id)}`;
    default:
      return `/${route.name}`;
  }
}
