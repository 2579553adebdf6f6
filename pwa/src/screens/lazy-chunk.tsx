// A chunk of screens loaded the first time one of them opens: residents and firms never download
// the officers' screens. The service worker precaches every chunk, so they open offline as well.
// Each lazy-*.tsx names its routes and its chunk; the loading and the retry live here once.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';

export interface Chunk<M> {
  load(): Promise<M>;
  loaded(): M | null;
}

/** One dynamic import, asked once; a failed one is asked again on the next visit. */
export function lazyChunk<M>(importer: () => Promise<M>): Chunk<M> {
  let loaded: M | null = null;
  let loading: Promise<M> | null = null;
  return {
    load() {
      loading ??= importer().then(
        (m) => (loaded = m),
        (e: unknown) => {
          loading = null; // a later visit tries again
          throw e;
        },
      );
      return loading;
    },
    loaded: () => loaded,
  };
}

/** The chunk's screens once loaded; meanwhile "loading", or the network error with a retry. */
export function ChunkScreens<M>({ chunk, render }: { chunk: Chunk<M>; render: (m: M) => JSX.Element }) {
  const { t } = useEnv();
  const [mod, setMod] = useState<{ m: M } | null>(() => {
    const m = chunk.loaded();
    return m ? { m } : null;
  });
  const [failed, setFailed] = useState(false);
  const attempt = () => {
    setFailed(false);
    chunk.load().then(
      (m) => setMod({ m }),
      () => setFailed(true),
    );
  };
  useEffect(() => {
    if (!mod) attempt();
  }, []);
  if (mod) return render(mod.m);
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
