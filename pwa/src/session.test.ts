import { beforeEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError, NetworkError, type RequestOptions } from './graphql/client';
import type { Operation } from './graphql/operations';
import type { AuthPayload, User } from './graphql/types';
import { REFRESH_TOKEN_KEY, SessionExpiredError, SessionManager, USER_KEY, type RequestFn } from './session';
import type { Lang } from './i18n';

const user = (label = '浦江街道 平安居委会'): User => ({
  id: 'u1',
  displayName: '王芳',
  role: 'COMMITTEE',
  status: 'ACTIVE',
  scope: { kind: 'COMMUNITIES', label },
});

const session = (n: number, label?: string): AuthPayload => ({
  session: {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: '2026-11-27T10:00:00Z',
    refreshToken: `refresh-${n}`,
    refreshTokenExpiresAt: '2026-12-27T10:00:00Z',
    user: user(label),
  },
  userErrors: [],
});

interface Call {
  operationName: string;
  variables: unknown;
  options: RequestOptions;
}

/** A scripted server: each handler answers one operation name. */
function fakeServer(handlers: Record<string, (vars: any, opts: RequestOptions) => unknown>) {
  const calls: Call[] = [];
  const send: RequestFn = async <TData, TVariables>(
    op: Operation<TData, TVariables>,
    variables: TVariables,
    options: RequestOptions,
  ) => {
    calls.push({ operationName: op.operationName, variables, options });
    const handler = handlers[op.operationName];
    if (!handler) throw new Error(`unexpected ${op.operationName}`);
    return handler(variables, options) as TData;
  };
  return { calls, send };
}

let lang: Lang = 'zh-CN';
const make = (send: RequestFn) => new SessionManager({ storage: localStorage, lang: () => lang, request: send });

beforeEach(() => {
  localStorage.clear();
  lang = 'zh-CN';
});

describe('SessionManager', () => {
  it('login keeps the access token in memory and the refresh token and user in localStorage', async () => {
    const server = fakeServer({ Login: () => ({ login: session(1) }) });
    const s = make(server.send);
    await expect(s.login('committee', 'pw')).resolves.toEqual({ ok: true, user: user() });
    expect(server.calls[0]?.variables).toEqual({ input: { login: 'committee', password: 'pw' } });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    expect(JSON.parse(localStorage.getItem(USER_KEY)!)).toEqual(user());
    expect(JSON.stringify({ ...localStorage })).not.toContain('access-1');
    expect(s.hasAccessToken).toBe(true);
  });

  it('tells the outbox each new access token (for the service worker) and null when the session ends', async () => {
    const seen: unknown[] = [];
    const server = fakeServer({
      Login: () => ({ login: session(1) }),
      RefreshSession: () => ({ refreshSession: session(2) }),
      Logout: () => ({ logout: { ok: true, userErrors: [] } }),
    });
    const s = new SessionManager({ storage: localStorage, lang: () => lang, request: server.send, onAccessToken: (a) => seen.push(a) });
    await s.login('committee', 'pw');
    await s.refresh();
    await s.logout();
    expect(seen).toEqual([
      { userId: 'u1', accessToken: 'access-1', accessTokenExpiresAt: '2026-11-27T10:00:00Z' },
      { userId: 'u1', accessToken: 'access-2', accessTokenExpiresAt: '2026-11-27T10:00:00Z' },
      null,
    ]);
  });

  it('login returns the server user errors and stores nothing', async () => {
    const errors = [{ field: ['password'], code: 'INVALID_CREDENTIALS', message: '账号或密码错误' }];
    const s = make(fakeServer({ Login: () => ({ login: { session: null, userErrors: errors } }) }).send);
    await expect(s.login('resident', 'wrong')).resolves.toEqual({ ok: false, errors });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('restore rotates the refresh token', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const server = fakeServer({ RefreshSession: () => ({ refreshSession: session(2) }) });
    const s = make(server.send);
    await expect(s.restore()).resolves.toEqual({ kind: 'authenticated', user: user() });
    expect(server.calls[0]?.variables).toEqual({ input: { refreshToken: 'refresh-1' } });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('restore offline falls back to the cached user and keeps the tokens', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    localStorage.setItem(USER_KEY, JSON.stringify(user()));
    const s = make(
      fakeServer({
        RefreshSession: () => {
          throw new NetworkError('Failed to fetch');
        },
      }).send,
    );
    await expect(s.restore()).resolves.toEqual({ kind: 'offline', user: user() });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('restore with a refused refresh token signs out', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'stale');
    localStorage.setItem(USER_KEY, JSON.stringify(user()));
    const s = make(
      fakeServer({
        RefreshSession: () => ({
          refreshSession: { session: null, userErrors: [{ field: [], code: 'INVALID_REFRESH_TOKEN', message: 'x' }] },
        }),
      }).send,
    );
    await expect(s.restore()).resolves.toEqual({ kind: 'anonymous', reason: 'expired' });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(localStorage.getItem(USER_KEY)).toBeNull();
  });

  it('concurrent refreshes share one request (refresh tokens rotate)', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const server = fakeServer({ RefreshSession: () => ({ refreshSession: session(2) }) });
    const s = make(server.send);
    await Promise.all([s.refresh(), s.refresh()]);
    expect(server.calls).toHaveLength(1);
  });

  it('authed retries once after UNAUTHENTICATED, with a refreshed token and the current language', async () => {
    const server = fakeServer({
      Login: () => ({ login: session(1) }),
      RefreshSession: () => ({ refreshSession: session(2) }),
      Me: (_v, opts) => {
        if (opts.accessToken === 'access-1') throw new GraphQLRequestError('expired', 'UNAUTHENTICATED');
        return { me: user(opts.lang === 'en' ? 'Ping An committee' : '平安居委会') };
      },
    });
    const s = make(server.send);
    await s.login('committee', 'pw');
    lang = 'en';
    await expect(s.reloadUser()).resolves.toEqual(user('Ping An committee'));
    expect(server.calls.map((c) => [c.operationName, c.options.accessToken ?? null, c.options.lang])).toEqual([
      ['Login', null, 'zh-CN'],
      ['Me', 'access-1', 'en'],
      ['RefreshSession', null, 'en'],
      ['Me', 'access-2', 'en'],
    ]);
    expect(JSON.parse(localStorage.getItem(USER_KEY)!).scope.label).toBe('Ping An committee');
  });

  it('authed gives up after the retry and signs out', async () => {
    const server = fakeServer({
      Login: () => ({ login: session(1) }),
      RefreshSession: () => ({ refreshSession: session(2) }),
      Me: () => {
        throw new GraphQLRequestError('no', 'UNAUTHENTICATED');
      },
    });
    const s = make(server.send);
    await s.login('committee', 'pw');
    await expect(s.reloadUser()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(server.calls.filter((c) => c.operationName === 'Me')).toHaveLength(2);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('authed does not retry other errors', async () => {
    const server = fakeServer({
      Login: () => ({ login: session(1) }),
      Me: () => {
        throw new GraphQLRequestError('禁止访问', 'FORBIDDEN');
      },
    });
    const s = make(server.send);
    await s.login('committee', 'pw');
    await expect(s.reloadUser()).rejects.toMatchObject({ code: 'FORBIDDEN', message: '禁止访问' });
    expect(server.calls).toHaveLength(2);
  });

  it('logout revokes the refresh token and forgets the session, even offline', async () => {
    const online = fakeServer({ Login: () => ({ login: session(1) }), Logout: () => ({ logout: { ok: true, userErrors: [] } }) });
    const s = make(online.send);
    await s.login('committee', 'pw');
    await s.logout();
    expect(online.calls[1]).toMatchObject({
      operationName: 'Logout',
      variables: { input: { refreshToken: 'refresh-1' } },
      options: { accessToken: 'access-1' },
    });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(localStorage.getItem(USER_KEY)).toBeNull();

    const offline = fakeServer({
      Login: () => ({ login: session(3) }),
      Logout: () => {
        throw new NetworkError('offline');
      },
    });
    const s2 = make(offline.send);
    await s2.login('committee', 'pw');
    await expect(s2.logout()).resolves.toBeUndefined();
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(s2.hasAccessToken).toBe(false);
  });
});
