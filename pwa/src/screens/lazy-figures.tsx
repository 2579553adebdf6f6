// The figures, hotspots, rectification plans and the workroom editor (SPEC §9, §11) are a chunk of
// their own, loaded the first time one of them opens: only officers and supervisors use them. The
// chart library (uPlot) is a further chunk, loaded when a chart first shows.
import { ChunkScreens, lazyChunk } from './lazy-chunk';
import type { Route } from '../router';

type FigureRouteName = 'figures' | 'figureItems' | 'hotspots' | 'hotspotImport' | 'hotspotMark' | 'hotspot' | 'planNew' | 'plan' | 'workrooms' | 'workroom';
export type FigureRoute = Extract<Route, { name: FigureRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<FigureRouteName>(['figures', 'figureItems', 'hotspots', 'hotspotImport', 'hotspotMark', 'hotspot', 'planNew', 'plan', 'workrooms', 'workroom']);

export function isFigureRoute(route: Route): route is FigureRoute {
  return NAMES.has(route.name);
}

const chunk = lazyChunk(() => import('./figures'));

export function FigureScreens({ route }: { route: FigureRoute }) {
  return <ChunkScreens chunk={chunk} render={(m) => <m.FigureRouter route={route} />} />;
}
