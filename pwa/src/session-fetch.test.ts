// SessionManager.fetchAuthed: the .xlsx exports are plain GETs with the bearer token.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestFn } from './session';
import { REFRESH_TOKEN_KEY, SessionExpiredError, SessionManager } from './session';

const user = { id: 'u1', displayName: '周科长', role: 'SUPERVISOR', status: 'ACTIVE', scope: { kind: 'DISTRICT', label: '长宁区' } };

function manager(refreshOk = true) {
  let n = 0;
  const request: RequestFn = async (op) => {
    if (op.operationName !== 'RefreshSession') throw new Error(`unexpected ${op.operationName}`);
    n++;
    return (
      refreshOk
        ? {
            refreshSession: {
              session: { accessToken: `a${n}`, accessTokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), refreshToken: `r${n}`, refreshTokenExpiresAt: '', user },
              userErrors: [],
            },
          }
        : { refreshSession: { session: null, userErrors: [{ field: [], code: 'INVALID_TOKEN', message: '请重新登录' }] } }
    ) as never;
  };
  return new SessionManager({ storage: localStorage, lang: () => 'en', request });
}

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r0');
});

describe('fetchAuthed', () => {
  it('sends the access token (renewed first when there is none) and the language', async () => {
    const fetch = vi.fn(async () => new Response('xlsx', { status: 200 }));
    const res = await manager().fetchAuthed('/exports/figures.xlsx?from=2026-11-01&to=2026-11-30&by=SUB_DISTRICT', fetch);
    expect(res.status).toBe(200);
    expect(fetch).toHaveBeenCalledWith('/exports/figures.xlsx?from=2026-11-01&to=2026-11-30&by=SUB_DISTRICT', {
      headers: { Authorization: 'Bearer a1', 'Accept-Language': 'en' },
      credentials: 'same-origin',
    });
  });

  it('a 401 renews the token once and tries again; other answers are handed back as they are', async () => {
    const answers = [401, 200];
    const fetch = vi.fn(async () => new Response('', { status: answers.shift()! }));
    const s = manager();
    expect((await s.fetchAuthed('/exports/items.xlsx', fetch)).status).toBe(200);
    expect(fetch.mock.calls.map((c) => (c as unknown as [string, RequestInit])[1].headers)).toEqual([
      { Authorization: 'Bearer a1', 'Accept-Language': 'en' },
      { Authorization: 'Bearer a2', 'Accept-Language': 'en' },
    ]);
    const forbidden = vi.fn(async () => new Response('', { status: 403 }));
    expect((await s.fetchAuthed('/exports/items.xlsx', forbidden)).status).toBe(403);
    expect(forbidden).toHaveBeenCalledTimes(1);
  });

  it('a refused refresh token ends the session', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 200 }));
    await expect(manager(false).fetchAuthed('/exports/items.xlsx', fetch)).rejects.toBeInstanceOf(SessionExpiredError);
    expect(fetch).not.toHaveBeenCalled();
  });
});
