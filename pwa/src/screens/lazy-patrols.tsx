// Duty and patrols (勤务, issue #7): today, a patrol, the roster planner and coverage are a chunk of their own,
// loaded the first time one of them opens, like the case screens (see lazy-cases.tsx): residents and firms
// never download them. The service worker precaches every chunk, so they open offline as well.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { Route } from '../router';

type PatrolRouteName = 'patrols' | 'patrol' | 'roster' | 'coverage';
export type PatrolRoute = Extract<Route, { name: PatrolRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<PatrolRouteName>(['patrols', 'patrol', 'roster', 'coverage']);

export function isPatrolRoute(route: Route): route is PatrolRoute {
  return NAMES.has(route.name);
}

type PatrolModule = typeof import('./patrols');
let loaded: PatrolModule | null = null;
let loading: Promise<PatrolModule> | null = null;

export function loadPatrolScreens(): Promise<PatrolModule> {
  loading ??= import('./patrols').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null; // a later visit tries again
      throw e;
    },
  );
  return loading;
}

export function PatrolScreens({ route }: { route: PatrolRoute }) {
  const { t } = useEnv();
  const [mod, setMod] = useState<PatrolModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  const attempt = () => {
    setFailed(false);
    loadPatrolScreens().then(setMod, () => setFailed(true));
  };
  useEffect(() => {
    if (!mod) attempt();
  }, []);
  if (mod) return <mod.PatrolRouter route={route} />;
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
