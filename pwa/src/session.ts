import type { Lang } from './i18n';
import { GraphQLRequestError, NetworkError, request, type RequestOptions } from './graphql/client';
import type { UploadFile } from './graphql/multipart';
import {
  LoginMutation,
  LogoutMutation,
  MeQuery,
  RefreshSessionMutation,
  type Operation,
} from './graphql/operations';
import type { AuthPayload, Session as ServerSession, User, UserError } from './graphql/types';

export const REFRESH_TOKEN_KEY = 'gongzhi.refreshToken';
export const USER_KEY = 'gongzhi.user';

/** The refresh token was refused: the user must sign in again. */
export class SessionExpiredError extends Error {
  override name = 'SessionExpiredError';
}

export type RequestFn = <TData, TVariables>(
  op: Operation<TData, TVariables>,
  variables: TVariables,
  options: RequestOptions,
) => Promise<TData>;

export interface SessionDeps {
  storage: Storage;
  lang: () => Lang;
  request?: RequestFn;
  /**
   * Told each time the access token changes (sign-in, refresh) and with null when the session ends:
   * the outbox keeps it for the service worker, which cannot refresh by itself.
   */
  onAccessToken?: (auth: { userId: string; accessToken: string; accessTokenExpiresAt: string } | null) => void;
}

/**
 * Refresh tokens rotate: two tabs refreshing with the same token would race and one would lose its
 * session. Web Locks serialise refreshes across tabs; the token is read from storage inside the lock,
 * so a tab that waited uses the token the other tab stored.
 */
function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('gongzhi-refresh-session', fn) : fn();
}

export type LoginResult = { ok: true; user: User } | { ok: false; errors: UserError[] };

/** How start-up ended: signed in, signed in from the cache because the server is unreachable, or signed out. */
export type RestoreResult =
  | { kind: 'authenticated'; user: User }
  | { kind: 'offline'; user: User }
  | { kind: 'anonymous'; reason: 'none' | 'expired' | 'offline' };

/**
 * Tokens: the access token lives only in memory; the refresh token and the last known user are in
 * localStorage. Refresh tokens rotate, so at most one refresh is in flight at any time.
 */
export class SessionManager {
  private accessToken: string | null = null;
  private accessTokenExpiresAt = 0;
  private inflightRefresh: Promise<User> | null = null;
  private readonly storage: Storage;
  private readonly lang: () => Lang;
  private readonly send: RequestFn;
  private readonly onAccessToken: SessionDeps['onAccessToken'];

  constructor(deps: SessionDeps) {
    this.storage = deps.storage;
    this.lang = deps.lang;
    this.send = deps.request ?? request;
    this.onAccessToken = deps.onAccessToken;
  }

  get refreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  get cachedUser(): User | null {
    const raw = this.storage.getItem(USER_KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as User;
    } catch {
      return null;
    }
  }

  get hasAccessToken(): boolean {
    return this.accessToken !== null;
  }

  async login(login: string, password: string): Promise<LoginResult> {
    const data = await this.send(LoginMutation, { input: { login, password } }, { lang: this.lang() });
    return this.accept(data.login);
  }

  /** Start-up: trade the stored refresh token for a new session, or fall back to the cached user. */
  async restore(): Promise<RestoreResult> {
    if (!this.refreshToken) return { kind: 'anonymous', reason: 'none' };
    try {
      return { kind: 'authenticated', user: await this.refresh() };
    } catch (e) {
      if (e instanceof SessionExpiredError) return { kind: 'anonymous', reason: 'expired' };
      const user = this.cachedUser;
      if (user) return { kind: 'offline', user };
      return { kind: 'anonymous', reason: e instanceof NetworkError ? 'offline' : 'none' };
    }
  }

  /**
   * Rotates the refresh token. Throws SessionExpiredError (and forgets the session) when the server
   * refuses the token; other errors (offline, server trouble) keep the stored session for a later try.
   */
  refresh(): Promise<User> {
    this.inflightRefresh ??= withRefreshLock(() => this.doRefresh()).finally(() => {
      this.inflightRefresh = null;
    });
    return this.inflightRefresh;
  }

  private async doRefresh(): Promise<User> {
    const refreshToken = this.refreshToken;
    if (!refreshToken) throw new SessionExpiredError('no refresh token');
    let payload: AuthPayload;
    try {
      const data = await this.send(RefreshSessionMutation, { input: { refreshToken } }, { lang: this.lang() });
      payload = data.refreshSession;
    } catch (e) {
      if (e instanceof GraphQLRequestError && e.code === 'UNAUTHENTICATED') {
        this.clear();
        throw new SessionExpiredError(e.message);
      }
      throw e;
    }
    const result = this.accept(payload);
    if (!result.ok) {
      this.clear();
      throw new SessionExpiredError(result.errors[0]?.message ?? 'refresh refused');
    }
    return result.user;
  }

  /**
   * Runs an operation as the signed-in user; on UNAUTHENTICATED refreshes once and retries.
   * `files` make it a GraphQL multipart request (photos).
   */
  async authed<TData, TVariables>(
    op: Operation<TData, TVariables>,
    variables: TVariables,
    files?: readonly UploadFile[],
  ): Promise<TData> {
    if (!this.accessToken) await this.refresh();
    try {
      return await this.send(op, variables, { lang: this.lang(), accessToken: this.accessToken, files });
    } catch (e) {
      if (!(e instanceof GraphQLRequestError) || e.code !== 'UNAUTHENTICATED') throw e;
    }
    await this.refresh();
    try {
      return await this.send(op, variables, { lang: this.lang(), accessToken: this.accessToken, files });
    } catch (e) {
      if (e instanceof GraphQLRequestError && e.code === 'UNAUTHENTICATED') {
        this.clear();
        throw new SessionExpiredError(e.message);
      }
      throw e;
    }
  }

  /**
   * An access token for the live-update socket (sent once, in `connection_init`): refreshed first
   * when there is none, it expires within a minute, or `renew` says the server refused it.
   */
  async liveToken(renew = false): Promise<string> {
    if (renew || !this.accessToken || this.accessTokenExpiresAt - Date.now() < 60_000) await this.refresh();
    if (!this.accessToken) throw new SessionExpiredError('no access token');
    return this.accessToken;
  }

  /**
   * A plain GET as the signed-in user (the .xlsx exports): the access token as a bearer header,
   * renewed first when it is about to expire, and once more when the server answers 401.
   */
  async fetchAuthed(path: string, doFetch: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<Response> {
    const get = (token: string) =>
      doFetch(path, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': this.lang() }, credentials: 'same-origin' });
    const first = await get(await this.liveToken());
    if (first.status !== 401) return first;
    return get(await this.liveToken(true));
  }

  /** Re-reads the user (e.g. after a language switch, so server-localised labels follow). */
  async reloadUser(): Promise<User> {
    const { me } = await this.authed(MeQuery, {});
    this.storage.setItem(USER_KEY, JSON.stringify(me));
    return me;
  }

  /** Revokes the refresh token on the server when possible; always forgets the local session. */
  async logout(): Promise<void> {
    // A refresh in flight would rotate the token we are about to revoke: let it land first.
    await this.inflightRefresh?.catch(() => undefined);
    const refreshToken = this.refreshToken;
    const accessToken = this.accessToken;
    this.clear();
    if (!refreshToken) return;
    try {
      await this.send(LogoutMutation, { input: { refreshToken } }, { lang: this.lang(), accessToken });
    } catch {
      // Offline or already revoked: the token is gone from this device either way.
    }
  }

  clear(): void {
    this.accessToken = null;
    this.accessTokenExpiresAt = 0;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.storage.removeItem(USER_KEY);
    this.onAccessToken?.(null);
  }

  private accept(payload: AuthPayload): LoginResult {
    const session: ServerSession | null = payload.session;
    if (!session) return { ok: false, errors: payload.userErrors };
    this.accessToken = session.accessToken;
    // Unparseable (as in some tests): treated as valid for a while rather than refreshed at once.
    this.accessTokenExpiresAt = Date.parse(session.accessTokenExpiresAt) || Date.now() + 5 * 60_000;
    this.storage.setItem(REFRESH_TOKEN_KEY, session.refreshToken);
    this.storage.setItem(USER_KEY, JSON.stringify(session.user));
    this.onAccessToken?.({
      userId: session.user.id,
      accessToken: session.accessToken,
      accessTokenExpiresAt: session.accessTokenExpiresAt,
    });
    return { ok: true, user: session.user };
  }
}
