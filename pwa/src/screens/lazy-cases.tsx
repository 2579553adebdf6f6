// The case screens (cases, deadlines, a case and its documents, approvals, duty checks) are a chunk
// of their own, loaded the first time one of them opens: residents never download them. The
// service worker precaches every chunk, so they open offline as well once the app is installed.
import { ChunkScreens, lazyChunk } from './lazy-chunk';
import type { Route } from '../router';

type CaseRouteName = 'cases' | 'case' | 'caseDocument' | 'deadlines' | 'approvals' | 'dutyChecks';
export type CaseRoute = Extract<Route, { name: CaseRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<CaseRouteName>(['cases', 'case', 'caseDocument', 'deadlines', 'approvals', 'dutyChecks']);

export function isCaseRoute(route: Route): route is CaseRoute {
  return NAMES.has(route.name);
}

const chunk = lazyChunk(() => import('./cases'));

export function CaseScreens({ route }: { route: CaseRoute }) {
  return <ChunkScreens chunk={chunk} render={(m) => <m.CaseRouter route={route} />} />;
}
