// The renovation pilot's screens (list, registration form, a registration) are a chunk of their own,
// loaded the first time one of them opens, like the case screens (see lazy-cases.tsx): residents
// never download them. The service worker precaches every chunk, so they open offline as well.
import { ChunkScreens, lazyChunk } from './lazy-chunk';
import type { Route } from '../router';

type RenovationRouteName = 'renovations' | 'renovationNew' | 'renovation' | 'renovationLeague';
export type RenovationRoute = Extract<Route, { name: RenovationRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<RenovationRouteName>(['renovations', 'renovationNew', 'renovation', 'renovationLeague']);

export function isRenovationRoute(route: Route): route is RenovationRoute {
  return NAMES.has(route.name);
}

const chunk = lazyChunk(() => import('./renovations'));

export function RenovationScreens({ route }: { route: RenovationRoute }) {
  return <ChunkScreens chunk={chunk} render={(m) => <m.RenovationRouter route={route} />} />;
}
