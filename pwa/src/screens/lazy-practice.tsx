// The 五治 practice library (SPEC §9) is a chunk of its own, loaded the first time one of its screens
// opens (every role may read it; few do every day). Like the case screens, see lazy-cases.tsx.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { Route } from '../router';

type PracticeRouteName = 'practice' | 'practiceMine' | 'practiceReview' | 'practiceNew' | 'practiceCase' | 'practiceEdit';
export type PracticeRoute = Extract<Route, { name: PracticeRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<PracticeRouteName>(['practice', 'practiceMine', 'practiceReview', 'practiceNew', 'practiceCase', 'practiceEdit']);

export function isPracticeRoute(route: Route): route is PracticeRoute {
  return NAMES.has(route.name);
}

type PracticeModule = typeof import('./practice');
let loaded: PracticeModule | null = null;
let loading: Promise<PracticeModule> | null = null;

export function loadPracticeScreens(): Promise<PracticeModule> {
  loading ??= import('./practice').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null; // a later visit tries again
      throw e;
    },
  );
  return loading;
}

export function PracticeScreens({ route }: { route: PracticeRoute }) {
  const { t } = useEnv();
  const [mod, setMod] = useState<PracticeModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  const attempt = () => {
    setFailed(false);
    loadPracticeScreens().then(setMod, () => setFailed(true));
  };
  useEffect(() => {
    if (!mod) attempt();
  }, []);
  if (mod) return <mod.PracticeRouter route={route} />;
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
