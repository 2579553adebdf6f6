// The case screens (cases, deadlines, a case and its documents, approvals, duty checks) are a chunk
// of their own, loaded the first time one of them opens: residents never download them. The
// service worker precaches every chunk, so they open offline as well once the app is installed.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { Route } from '../router';

type CaseRouteName = 'cases' | 'case' | 'caseDocument' | 'deadlines' | 'approvals' | 'dutyChecks';
export type CaseRoute = Extract<Route, { name: CaseRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<CaseRouteName>(['cases', 'case', 'caseDocument', 'deadlines', 'approvals', 'dutyChecks']);

export function isCaseRoute(route: Route): route is CaseRoute {
  return NAMES.has(route.name);
}

type CaseModule = typeof import('./cases');
let loaded: CaseModule | null = null;
let loading: Promise<CaseModule> | null = null;

export function loadCaseScreens(): Promise<CaseModule> {
  loading ??= import('./cases').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null; // a later visit tries again
      throw e;
    },
  );
  return loading;
}

export function CaseScreens({ route }: { route: CaseRoute }) {
  const { t } = useEnv();
  const [mod, setMod] = useState<CaseModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  const attempt = () => {
    setFailed(false);
    loadCaseScreens().then(setMod, () => setFailed(true));
  };
  useEffect(() => {
    if (!mod) attempt();
  }, []);
  if (mod) return <mod.CaseRouter route={route} />;
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
