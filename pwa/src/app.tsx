import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LANGS, saveLang, translator, type Lang, type MessageKey, type Translate } from './i18n';
import { GraphQLRequestError, NetworkError } from './graphql/client';
import type { Operation } from './graphql/operations';
import type { User } from './graphql/types';
import type { OutboxController } from './outbox/page';
import type { LiveClient } from './live';
import type { UploadFile } from './graphql/multipart';
import { communitiesKey, homeKey } from './places';
import { clearDraftPhotos } from './photo-drafts';
import { SessionExpiredError, type SessionManager } from './session';
import type { PushController } from './push';
import { NAVIGATE_MESSAGE } from './sw-push';
import { PushOptIn } from './screens/push-opt-in';
import { RenovationNoticesCard } from './screens/renovation-notices';
import { WorkroomCard } from './screens/workroom-card';
import type { Env } from './env';
import { ROUTE_TITLES, Shell, allowedRoute, useLocationRoute } from './shell';
import { useHeadingFocus } from './ui';

type LoginNotice = 'sessionExpired' | 'offline' | 'loggedOut' | null;
type Screen =
  | { name: 'loading' }
  | { name: 'login'; notice: LoginNotice }
  | { name: 'home'; user: User; offline: boolean };

export interface AppProps {
  session: SessionManager;
  storage: Storage;
  initialLang: Lang;
  /** Shared with the session so requests always carry the current Accept-Language. */
  langRef: { current: Lang };
  outbox: OutboxController;
  /** Live updates; absent in tests and where there is no WebSocket. */
  live?: LiveClient | null;
  /** Web Push opt-in; absent in tests that do not need it. */
  push?: PushController | null;
}

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

export function App({ session, storage, initialLang, langRef, outbox, live = null, push = null }: AppProps) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const t = useMemo(() => translator(lang), [lang]);
  const [screen, setScreen] = useState<Screen>(() => {
    // Show the last known home at once; start-up refresh below confirms or corrects it.
    const cached = session.refreshToken ? session.cachedUser : null;
    if (cached) return { name: 'home', user: cached, offline: !isOnline() };
    return session.refreshToken ? { name: 'loading' } : { name: 'login', notice: null };
  });
  const screenRef = useRef(screen);
  screenRef.current = screen;
  const [route, navigateTo] = useLocationRoute();
  const focusHeading = useRef(false);

  // The outbox follows the signed-in account; it is replayed whenever the session is (re)confirmed online.
  const signedInId = screen.name === 'home' ? screen.user.id : null;
  const onlineSession = screen.name === 'home' && !screen.offline;
  useEffect(() => {
    void outbox.setUser(signedInId).then(() => {
      if (onlineSession) void outbox.flush();
    });
  }, [signedInId, onlineSession]);

  // The socket's user is fixed when it opens: start over with each account (and drop it on sign-out).
  useEffect(() => {
    live?.reset();
  }, [signedInId]);

  // Web Push: re-tell the server about this browser's subscription whenever the session is confirmed
  // online (it may have lost it); offline, only read the state. Never asks for a permission.
  useEffect(() => {
    if (!push || !signedInId) return;
    void (onlineSession ? push.sync(signedInId) : push.refresh()).catch(() => undefined);
  }, [signedInId, onlineSession]);

  const restore = useCallback(async () => {
    const result = await session.restore();
    switch (result.kind) {
      case 'authenticated':
        setScreen({ name: 'home', user: result.user, offline: false });
        break;
      case 'offline':
        setScreen({ name: 'home', user: result.user, offline: true });
        break;
      case 'anonymous':
        setScreen({
          name: 'login',
          notice: result.reason === 'expired' ? 'sessionExpired' : result.reason === 'offline' ? 'offline' : null,
        });
    }
  }, [session]);

  useEffect(() => {
    if (session.refreshToken) void restore();
    const onOnline = () => {
      const s = screenRef.current;
      if (s.name === 'home' && s.offline) void restore();
      else if (s.name === 'home') void outbox.flush();
      if (s.name === 'login' && s.notice === 'offline') setScreen({ name: 'login', notice: null });
    };
    const onOffline = () => {
      const s = screenRef.current;
      if (s.name === 'home') setScreen({ ...s, offline: true });
      if (s.name === 'login') setScreen({ name: 'login', notice: 'offline' });
    };
    addEventListener('online', onOnline);
    addEventListener('offline', onOffline);
    return () => {
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOffline);
    };
  }, [session, restore]);

  const shownRoute = screen.name === 'home' ? allowedRoute(screen.user.role, route).name : null;
  useEffect(() => {
    document.documentElement.lang = lang;
    const title = shownRoute ? t(ROUTE_TITLES[shownRoute]) : screen.name === 'login' ? t('login.title') : null;
    document.title = title ? `${title} · ${t('app.name')} · ${t('app.subtitle')}` : `${t('app.name')} · ${t('app.subtitle')}`;
  }, [lang, screen.name, shownRoute, t]);

  const call = useCallback(
    async <TData, TVariables>(
      op: Operation<TData, TVariables>,
      variables: TVariables,
      files?: readonly UploadFile[],
    ): Promise<TData> => {
      try {
        return await session.authed(op, variables, files);
      } catch (e) {
        if (e instanceof SessionExpiredError) setScreen({ name: 'login', notice: 'sessionExpired' });
        throw e;
      }
    },
    [session],
  );

  const navigate = useCallback(
    (path: string) => {
      focusHeading.current = true;
      navigateTo(path);
    },
    [navigateTo],
  );
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  // A tapped notification (src/sw-push.ts) asks an open window to show its item.
  useEffect(() => {
    const container = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
    if (!container) return;
    const onMessage = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (typeof data !== 'object' || data === null) return;
      const { type, path } = data as { type?: unknown; path?: unknown };
      if (type === NAVIGATE_MESSAGE && typeof path === 'string' && path.startsWith('/') && !path.startsWith('//')) {
        navigateRef.current(path);
      }
    };
    container.addEventListener('message', onMessage);
    return () => container.removeEventListener('message', onMessage);
  }, []);

  // In-app links (tabs, list items) change the path without a page load.
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a');
    const href = a?.getAttribute('href');
    if (!a || !href || !href.startsWith('/') || href.startsWith('//') || a.target) return;
    event.preventDefault();
    navigate(href);
  };

  const changeLang = (next: Lang) => {
    if (next === lang) return;
    langRef.current = next;
    // With the same tap as the text, so screen readers switch voice with it.
    document.documentElement.lang = next;
    saveLang(storage, next);
    void outbox.storeLang(next).catch(() => undefined);
    setLangState(next);
    const s = screenRef.current;
    if (s.name === 'home' && !s.offline) {
      // Server-localised strings (the scope label) follow the language.
      session.reloadUser().then(
        (user) => {
          const now = screenRef.current;
          if (now.name === 'home') setScreen({ ...now, user });
        },
        (e: unknown) => {
          if (e instanceof SessionExpiredError) setScreen({ name: 'login', notice: 'sessionExpired' });
        },
      );
    }
  };

  // Move focus to the new screen's heading when the screen changes (not on first paint).
  const lastScreen = useRef(screen.name);
  if (lastScreen.current !== screen.name) {
    lastScreen.current = screen.name;
    focusHeading.current = true;
  }

  function envFor(user: User, offline: boolean): Env {
    const fetchAuthed = async (path: string) => {
      try {
        return await session.fetchAuthed(path);
      } catch (e) {
        if (e instanceof SessionExpiredError) setScreen({ name: 'login', notice: 'sessionExpired' });
        throw e;
      }
    };
    return { t, lang, user, offline, storage, outbox, call, live, navigate, focusHeading, fetchAuthed };
  }

  return (
    <div class={screen.name === 'home' ? 'app has-tabs' : 'app'} onClick={onClick}>
      <header class="bar">
        <p class="brand">
          <span class="brand-name">{t('app.name')}</span>
          <span class="brand-sub">{t('app.subtitle')}</span>
        </p>
        <div class="lang" role="group" aria-label={t('lang.group')}>
          {LANGS.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => changeLang(l)}>
              {t(`lang.${l}`)}
            </button>
          ))}
        </div>
      </header>
      {screen.name === 'loading' && (
        <main class="content">
          <p role="status">{t('app.loading')}</p>
        </main>
      )}
      {screen.name === 'login' && (
        <LoginScreen
          t={t}
          notice={screen.notice}
          focusHeading={focusHeading}
          onLogin={async (login, password) => {
            const result = await session.login(login, password);
            if (result.ok) setScreen({ name: 'home', user: result.user, offline: false });
            return result.ok ? null : result.errors.map((e) => e.message).join(' ') || t('error.unexpected');
          }}
        />
      )}
      {screen.name === 'home' && (
        <Shell
          env={envFor(screen.user, screen.offline)}
          route={route}
          home={
            <HomeScreen
              t={t}
              user={screen.user}
              offline={screen.offline}
              focusHeading={focusHeading}
              push={FILING_ROLES.has(screen.user.role) ? push : null}
              onLogout={async () => {
                forgetLocalData(storage, screen.user.id);
                // While the session still exists: the server call needs it.
                await push?.signOut();
                await session.logout();
                setScreen({ name: 'login', notice: 'loggedOut' });
              }}
            />
          }
        />
      )}
    </div>
  );
}

/** Who files (and so gets progress notifications): the opt-in is on their home screen. */
const FILING_ROLES: ReadonlySet<User['role']> = new Set(['RESIDENT', 'COMMITTEE', 'PROPERTY']);

/** On sign-out, drafts (with their photos) and cached places leave the phone (queued filings stay, for the same account). */
function forgetLocalData(storage: Storage, userId: string): void {
  void clearDraftPhotos(userId);
  const prefixes = [`gongzhi.draft.${userId}.`, homeKey(userId), communitiesKey(userId), `gongzhi.fileMode.${userId}`];
  for (let i = storage.length - 1; i >= 0; i--) {
    const key = storage.key(i);
    if (key && prefixes.some((p) => key.startsWith(p))) storage.removeItem(key);
  }
}

interface LoginProps {
  t: Translate;
  notice: LoginNotice;
  focusHeading: { current: boolean };
  /** Resolves to an error message to show, or null on success. */
  onLogin: (login: string, password: string) => Promise<string | null>;
}

function LoginScreen({ t, notice, focusHeading, onLogin }: LoginProps) {
  const heading = useHeadingFocus(focusHeading);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ key: 'error.network' | 'error.unexpected' } | { text: string } | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const message = await onLogin(String(form.get('login') ?? '').trim(), String(form.get('password') ?? ''));
      if (message !== null) {
        setError({ text: message });
        setBusy(false);
      }
    } catch (e) {
      if (e instanceof NetworkError) setError({ key: 'error.network' });
      else if (e instanceof GraphQLRequestError) setError({ text: e.message });
      else setError({ key: 'error.unexpected' });
      setBusy(false);
    }
  };

  const errorText = error && ('key' in error ? t(error.key) : error.text);
  const noticeText =
    notice === 'sessionExpired'
      ? t('login.sessionExpired')
      : notice === 'offline'
        ? t('login.offline')
        : notice === 'loggedOut'
          ? t('login.loggedOut')
          : null;

  return (
    <main class="content">
      <form class="screen" onSubmit={submit} aria-labelledby="login-heading">
        <h1 id="login-heading" ref={heading} tabIndex={-1}>
          {t('login.heading')}
        </h1>
        <div role="status" class={noticeText ? 'notice' : 'sr-empty'}>
          {noticeText}
        </div>
        <p class="muted">{t('login.intro')}</p>
        <label for="login">{t('login.login')}</label>
        <input
          id="login"
          name="login"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
          aria-invalid={errorText ? true : undefined}
          aria-describedby={errorText ? 'login-error' : undefined}
        />
        <label for="password">{t('login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid={errorText ? true : undefined}
          aria-describedby={errorText ? 'login-error' : undefined}
        />
        <div id="login-error" role="alert" class={errorText ? 'error' : 'sr-empty'}>
          {errorText}
        </div>
        <div class="actions">
          <button class="primary" type="submit" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}

/** 管执联动 (issue #8): referrals, joint actions, the affordable-housing series; the partner also reaches its pilot screens here. */
function PartnerLinks({ t, role }: { t: Translate; role: User['role'] }) {
  const housing = role === 'HOUSING';
  const links: [string, string, MessageKey][] = housing
    ? [
        ['/referrals', 'referrals', 'home.referralsInboxLink'],
        ['/referrals/new', 'refer-to-bureau', 'home.referToBureauLink'],
        ['/joint-actions', 'joint-actions', 'home.jointActionsLink'],
        ['/affordable-housing', 'affordable-housing', 'home.affordableLink'],
        ['/renovations', 'renovations', 'home.renovationsWatchLink'],
        ['/renovations/league', 'league', 'home.leagueLink'],
      ]
    : [
        ['/referrals', 'referrals', 'home.referralsLink'],
        ['/joint-actions', 'joint-actions', 'home.jointActionsLink'],
        ['/affordable-housing', 'affordable-housing', 'home.affordableLink'],
      ];
  return (
    <nav class="card home-links" aria-labelledby="partner-heading">
      <h2 id="partner-heading">{t('home.partnerHeading')}</h2>
      <ul class="plain-list">
        {links.map(([href, name, label]) => (
          <li key={name}>
            <a class="inline-link" href={href} data-link={name}>
              {t(label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

interface HomeProps {
  t: Translate;
  user: User;
  offline: boolean;
  focusHeading: { current: boolean };
  /** The progress-notification opt-in; null for roles that do not file. */
  push: PushController | null;
  onLogout: () => Promise<void>;
}

function HomeScreen({ t, user, offline, focusHeading, push, onLogout }: HomeProps) {
  const heading = useHeadingFocus(focusHeading);
  const [busy, setBusy] = useState(false);
  return (
    <main class="content">
      <div class="screen">
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('home.offline') : null}
        </div>
        <h1 ref={heading} tabIndex={-1}>
          {t('home.greeting', { name: user.displayName })}
        </h1>
        <dl class="card">
          <div>
            <dt>{t('home.role')}</dt>
            <dd data-field="role">{t(`role.${user.role}`)}</dd>
          </div>
          <div>
            <dt>{t('home.scope')}</dt>
            <dd data-field="scope">{user.scope.label}</dd>
          </div>
        </dl>
        <section class="card" aria-labelledby="what-heading">
          <h2 id="what-heading">{t('home.whatYouCanDo')}</h2>
          <p>{t(`roleIntro.${user.role}`)}</p>
        </section>
        {(user.role === 'RESIDENT' || user.role === 'COMMITTEE') && <WorkroomCard />}
        {(user.role === 'RESIDENT' || user.role === 'COMMITTEE') && <RenovationNoticesCard />}
        {(user.role === 'OFFICER' || user.role === 'SUPERVISOR') && (
          <nav class="card home-links" aria-labelledby="work-heading">
            <h2 id="work-heading">{t('home.workHeading')}</h2>
            <ul class="plain-list">
              <li>
                {user.role === 'OFFICER' ? (
                  <a class="inline-link" href="/patrols" data-link="patrols">
                    {t('home.patrolsLink')}
                  </a>
                ) : (
                  <a class="inline-link" href="/patrols/roster" data-link="roster">
                    {t('home.rosterLink')}
                  </a>
                )}
              </li>
              <li>
                <a class="inline-link" href="/figures" data-link="figures">
                  {t('home.figuresLink')}
                </a>
              </li>
              <li>
                <a class="inline-link" href="/hotspots" data-link="hotspots">
                  {t('home.hotspotsLink')}
                </a>
              </li>
              <li>
                <a class="inline-link" href="/renovations" data-link="renovations">
                  {t('home.renovationsLink')}
                </a>
              </li>
              <li>
                <a class="inline-link" href="/workrooms" data-link="workrooms">
                  {t('home.workroomsLink')}
                </a>
              </li>
              <li>
                <a class="inline-link" href="/practice" data-link="practice">
                  {t('home.practiceLink')}
                </a>
              </li>
            </ul>
          </nav>
        )}
        {(user.role === 'OFFICER' || user.role === 'SUPERVISOR' || user.role === 'HOUSING') && <PartnerLinks t={t} role={user.role} />}
        {user.role === 'HOUSING' && (
          <p class="card">
            <a class="inline-link" href="/practice" data-link="practice">
              {t('home.practiceLink')}
            </a>
          </p>
        )}
        {user.role !== 'OFFICER' && user.role !== 'SUPERVISOR' && user.role !== 'HOUSING' && (
          <p class="card">
            <a class="inline-link" href="/practice" data-link="practice">
              {t('home.practiceLink')}
            </a>
          </p>
        )}
        {push && <PushOptIn t={t} push={push} userId={user.id} offline={offline} />}
        <div class="actions">
          <button
            class="secondary"
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void onLogout();
            }}
          >
            {busy ? t('home.loggingOut') : t('home.logout')}
          </button>
        </div>
      </div>
    </main>
  );
}
