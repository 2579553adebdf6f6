// The figures, hotspots, rectification plans and the workroom editor (SPEC §9, §11) are a chunk of
// their own, loaded the first time one of them opens: only officers and supervisors use them. The
// chart library (uPlot) is a further chunk, loaded when a chart first shows.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { Route } from '../router';

type FigureRouteName = 'figures' | 'figureItems' | 'hotspots' | 'hotspotImport' | 'hotspotMark' | 'hotspot' | 'planNew' | 'plan' | 'workrooms' | 'workroom';
export type FigureRoute = Extract<Route, { name: FigureRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<FigureRouteName>(['figures', 'figureItems', 'hotspots', 'hotspotImport', 'hotspotMark', 'hotspot', 'planNew', 'plan', 'workrooms', 'workroom']);

export function isFigureRoute(route: Route): route is FigureRoute {
  return NAMES.has(route.name);
}

type FigureModule = typeof import('./figures');
let loaded: FigureModule | null = null;
let loading: Promise<FigureModule> | null = null;

export function loadFigureScreens(): Promise<FigureModule> {
  loading ??= import('./figures').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null; // a later visit tries again
      throw e;
    },
  );
  return loading;
}

export function FigureScreens({ route }: { route: FigureRoute }) {
  const { t } = useEnv();
  const [mod, setMod] = useState<FigureModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  const attempt = () => {
    setFailed(false);
    loadFigureScreens().then(setMod, () => setFailed(true));
  };
  useEffect(() => {
    if (!mod) attempt();
  }, []);
  if (mod) return <mod.FigureRouter route={route} />;
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
