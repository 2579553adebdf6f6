// The renovation pilot's screens (list, registration form, a registration) are a chunk of their own,
// loaded the first time one of them opens, like the case screens (see lazy-cases.tsx): residents
// never download them. The service worker precaches every chunk, so they open offline as well.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { Route } from '../router';

type RenovationRouteName = 'renovations' | 'renovationNew' | 'renovation' | 'renovationLeague';
export type RenovationRoute = Extract<Route, { name: RenovationRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<RenovationRouteName>(['renovations', 'renovationNew', 'renovation', 'renovationLeague']);

export function isRenovationRoute(route: Route): route is RenovationRoute {
  return NAMES.has(route.name);
}

type RenovationModule = typeof import('./renovations');
let loaded: RenovationModule | null = null;
let loading: Promise<RenovationModule> | null = null;

export function loadRenovationScreens(): Promise<RenovationModule> {
  loading ??= import('./renovations').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null; // a later visit tries again
      throw e;
    },
  );
  return loading;
}

export function RenovationScreens({ route }: { route: RenovationRoute }) {
  const { t } = useEnv();
  const [mod, setMod] = useState<RenovationModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  const attempt = () => {
    setFailed(false);
    loadRenovationScreens().then(setMod, () => setFailed(true));
  };
  useEffect(() => {
    if (!mod) attempt();
  }, []);
  if (mod) return <mod.RenovationRouter route={route} />;
  return (
    <main class="content">
      {failed ? (
        <div role="alert" class="error">
          {t('error.network')}{' '}
          <button class="link" type="button" onClick={attempt}>
            {t('common.retry')}
          </button>
        </div>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
    </main>
  );
}
