// The duty and patrol screens' chunk (loaded by ../lazy-patrols.tsx).
import '../../i18n/patrols';
import type { PatrolRoute } from '../lazy-patrols';
import { PatrolScreen } from './patrol';
import { CoverageScreen, RosterScreen } from './roster';
import { PatrolTodayScreen } from './today';

export function PatrolRouter({ route }: { route: PatrolRoute }) {
  switch (route.name) {
    case 'patrols':
      return <PatrolTodayScreen />;
    case 'patrol':
      return <PatrolScreen id={route.id} />;
    case 'roster':
      return <RosterScreen />;
    case 'coverage':
      return <CoverageScreen />;
  }
}
