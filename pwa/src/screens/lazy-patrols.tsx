// Duty and patrols (勤务, issue #7): today, a patrol, the roster planner and coverage are a chunk of their own,
// loaded the first time one of them opens, like the case screens (see lazy-cases.tsx): residents and firms
// never download them. The service worker precaches every chunk, so they open offline as well.
import { ChunkScreens, lazyChunk } from './lazy-chunk';
import type { Route } from '../router';

type PatrolRouteName = 'patrols' | 'patrol' | 'roster' | 'coverage';
export type PatrolRoute = Extract<Route, { name: PatrolRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<PatrolRouteName>(['patrols', 'patrol', 'roster', 'coverage']);

export function isPatrolRoute(route: Route): route is PatrolRoute {
  return NAMES.has(route.name);
}

const chunk = lazyChunk(() => import('./patrols'));

export function PatrolScreens({ route }: { route: PatrolRoute }) {
  return <ChunkScreens chunk={chunk} render={(m) => <m.PatrolRouter route={route} />} />;
}
