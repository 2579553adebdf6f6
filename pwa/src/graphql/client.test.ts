import { describe, expect, it } from 'vitest';
import { GraphQLRequestError, NetworkError, request } from './client';
import { MeQuery } from './operations';

function fakeFetch(response: () => Response | Promise<Response>) {
  const seen: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return response();
  }) as unknown as typeof fetch;
  return { seen, f };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('request', () => {
  it('POSTs {query, variables, operationName} with bearer token and Accept-Language', async () => {
    const { seen, f } = fakeFetch(() => json({ data: { me: { id: '1' } } }));
    await expect(request(MeQuery, {}, { lang: 'en', accessToken: 'tok', fetch: f })).resolves.toEqual({
      me: { id: '1' },
    });
    const call = seen[0]!;
    expect(call.url).toBe('/graphql');
    expect(call.init.method).toBe('POST');
    const headers = call.init.headers as Record<string, string>;
    expect(headers['Authorization']).toBe('Bearer tok');
    expect(headers['Accept-Language']).toBe('en');
    expect(headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(call.init.body as string)).toEqual({ query: MeQuery.query, variables: {}, operationName: 'Me' });
  });

  it('sends no Authorization header without a token', async () => {
    const { seen, f } = fakeFetch(() => json({ data: { me: null } }));
    await request(MeQuery, {}, { lang: 'zh-CN', fetch: f }).catch(() => undefined);
    const headers = seen[0]!.init.headers as Record<string, string>;
    expect(headers['Authorization']).toBeUndefined();
    expect(headers['Accept-Language']).toBe('zh-CN');
  });

  it('turns GraphQL errors into GraphQLRequestError with the localised message and code', async () => {
    const { f } = fakeFetch(() =>
      json({ data: null, errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] }),
    );
    const error = await request(MeQuery, {}, { lang: 'zh-CN', fetch: f }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('reads GraphQL errors from non-2xx responses too', async () => {
    const { f } = fakeFetch(() => json({ errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] }, 429));
    await expect(request(MeQuery, {}, { lang: 'en', fetch: f })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('reports a failed fetch or a gateway page as NetworkError', async () => {
    const offline = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(request(MeQuery, {}, { lang: 'en', fetch: offline.f })).rejects.toBeInstanceOf(NetworkError);
    const gateway = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(request(MeQuery, {}, { lang: 'en', fetch: gateway.f })).rejects.toBeInstanceOf(NetworkError);
  });
});
