// What every signed-in screen needs, passed down through one context.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang, Translate } from './i18n';
import type { User } from './graphql/types';
import type { OutboxController } from './outbox/page';
import type { Caller } from './outbox/send';
import type { LiveClient } from './live';

export interface Env {
  t: Translate;
  lang: Lang;
  user: User;
  offline: boolean;
  storage: Storage;
  outbox: OutboxController;
  /** Runs an operation as the signed-in user (refreshing the access token when needed). */
  call: Caller;
  /** Live updates (graphql-transport-ws); null where there is none (tests, no WebSocket). */
  live: LiveClient | null;
  navigate: (path: string) => void;
  /** A GET as the signed-in user with the bearer token (file exports); absent in tests that do not need it. */
  fetchAuthed?: (path: string) => Promise<Response>;
  /** Set before a screen change so the new screen's heading takes focus. */
  focusHeading: { current: boolean };
}

export const EnvContext = createContext<Env | null>(null);

export function useEnv(): Env {
  const env = useContext(EnvContext);
  if (!env) throw new Error('useEnv outside EnvContext');
  return env;
}
