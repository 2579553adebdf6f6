// The renovation screens' chunk (loaded by ../lazy-renovations.tsx).
import '../../i18n/renovations';
import type { RenovationRoute } from '../lazy-renovations';
import { FirmLeagueScreen } from './league';
import { RenovationListScreen } from './list';
import { RegisterRenovationScreen } from './register';
import { RenovationScreen } from './renovation';

export function RenovationRouter({ route }: { route: RenovationRoute }) {
  switch (route.name) {
    case 'renovations':
      return <RenovationListScreen />;
    case 'renovationNew':
      return <RegisterRenovationScreen />;
    case 'renovation':
      return <RenovationScreen id={route.id} />;
    case 'renovationLeague':
      return <FirmLeagueScreen />;
  }
}
