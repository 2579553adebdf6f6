// The 五治 practice library (SPEC §9) is a chunk of its own, loaded the first time one of its screens
// opens (every role may read it; few do every day). Like the case screens, see lazy-cases.tsx.
import { ChunkScreens, lazyChunk } from './lazy-chunk';
import type { Route } from '../router';

type PracticeRouteName = 'practice' | 'practiceMine' | 'practiceReview' | 'practiceNew' | 'practiceCase' | 'practiceEdit';
export type PracticeRoute = Extract<Route, { name: PracticeRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<PracticeRouteName>(['practice', 'practiceMine', 'practiceReview', 'practiceNew', 'practiceCase', 'practiceEdit']);

export function isPracticeRoute(route: Route): route is PracticeRoute {
  return NAMES.has(route.name);
}

const chunk = lazyChunk(() => import('./practice'));

export function PracticeScreens({ route }: { route: PracticeRoute }) {
  return <ChunkScreens chunk={chunk} render={(m) => <m.PracticeRouter route={route} />} />;
}
