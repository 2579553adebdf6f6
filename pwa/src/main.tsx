import { render } from 'preact';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app';
import { loadLang, type Lang } from './i18n';
import { OutboxController } from './outbox/page';
import { openOutbox } from './outbox/store';
import { SessionExpiredError, SessionManager } from './session';
import { LiveClient, liveUrl } from './live';
import { PushController, browserPush } from './push';
import './styles.css';

const storage = window.localStorage;
const langRef: { current: Lang } = { current: loadLang(storage) };
document.documentElement.lang = langRef.current;

// `session` is created after the outbox, which needs its caller: both close over this binding.
let session: SessionManager;
const outbox = new OutboxController({
  db: openOutbox(),
  call: (op, variables, files) => session.authed(op, variables, files),
  lang: () => langRef.current,
  hasSession: () => session.refreshToken !== null,
});
session = new SessionManager({
  storage,
  lang: () => langRef.current,
  onAccessToken: (auth) => void outbox.storeAuth(auth).catch(() => undefined),
});

const live =
  typeof WebSocket !== 'undefined'
    ? new LiveClient({
        url: () => liveUrl(location),
        token: (renew) => session.liveToken(renew),
        isSessionLost: (e) => e instanceof SessionExpiredError,
      })
    : null;

const push = new PushController({
  browser: browserPush(),
  call: (op, variables, files) => session.authed(op, variables, files),
  storage,
  online: () => navigator.onLine !== false,
});

render(
  <App
    session={session}
    storage={storage}
    initialLang={langRef.current}
    langRef={langRef}
    outbox={outbox}
    live={live}
    push={push}
  />,
  document.getElementById('app')!,
);

if (import.meta.env.PROD) registerSW({ immediate: true });
