// The figures chunk (loaded by ../lazy-figures.tsx): figures and their drill-down, hotspots and
// rectification plans, the workroom editor (SPEC §9, §11).
import '../../i18n/figures';
import type { FigureRoute } from '../lazy-figures';
import { FiguresScreen } from './figures';
import { FigureItemsScreen } from './items';
import { HotspotImportScreen, HotspotListScreen, HotspotMarkScreen } from './hotspots';
import { HotspotScreen } from './hotspot';
import { PlanNewScreen, PlanScreen } from './plan';
import { WorkroomEditScreen, WorkroomListScreen } from './workrooms';

export function FigureRouter({ route }: { route: FigureRoute }) {
  switch (route.name) {
    case 'figures':
      return <FiguresScreen />;
    case 'figureItems':
      return <FigureItemsScreen search={route.search} />;
    case 'hotspots':
      return <HotspotListScreen />;
    case 'hotspotImport':
      return <HotspotImportScreen />;
    case 'hotspotMark':
      return <HotspotMarkScreen />;
    case 'hotspot':
      return <HotspotScreen id={route.id} />;
    case 'planNew':
      return <PlanNewScreen hotspotId={route.hotspotId} />;
    case 'plan':
      return <PlanScreen id={route.id} />;
    case 'workrooms':
      return <WorkroomListScreen />;
    case 'workroom':
      return <WorkroomEditScreen communityId={route.communityId} />;
  }
}
