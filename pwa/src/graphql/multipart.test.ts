// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { request } from './client';
import { multipartBody, photoUploads } from './multipart';
import { FileComplaintMutation } from './operations';

const blob = (text: string, type = 'image/jpeg') => new Blob([text], { type });

async function text(value: FormDataEntryValue | null): Promise<string> {
  if (value === null) throw new Error('missing');
  return typeof value === 'string' ? value : value.text();
}

describe('GraphQL multipart request', () => {
  const payload = {
    query: FileComplaintMutation.query,
    operationName: 'FileComplaint',
    variables: { input: { idempotencyKey: 'key-1', description: '楼道堆物' } },
  };

  it('orders the fields operations, map, then the files "0", "1", …; nulls stand in for the files', async () => {
    const photos = [
      { blob: blob('first'), name: 'photo-1.jpg' },
      { blob: blob('second'), name: 'photo-2.jpg' },
    ];
    const form = multipartBody(payload, photoUploads(photos));
    expect([...form.keys()]).toEqual(['operations', 'map', '0', '1']);

    const operations = JSON.parse(await text(form.get('operations')));
    expect(operations).toEqual({
      ...payload,
      variables: { input: { idempotencyKey: 'key-1', description: '楼道堆物', photos: [null, null] } },
    });
    expect(JSON.parse(await text(form.get('map')))).toEqual({
      '0': ['variables.input.photos.0'],
      '1': ['variables.input.photos.1'],
    });
    expect(await text(form.get('0'))).toBe('first');
    expect(await text(form.get('1'))).toBe('second');
    expect((form.get('0') as File).name).toBe('photo-1.jpg');
    // The payload itself is left as it was.
    expect(payload.variables.input).not.toHaveProperty('photos');
  });

  it('request() sends files as multipart with no Content-Type of its own (the browser adds the boundary)', async () => {
    const seen: RequestInit[] = [];
    const fetchFn = (async (_url: string, init: RequestInit) => {
      seen.push(init);
      return new Response(JSON.stringify({ data: { fileComplaint: { item: null, userErrors: [] } } }), {
        headers: { 'Content-Type': 'application/json' },
      });
    }) as unknown as typeof fetch;
    await request(FileComplaintMutation, { input: { idempotencyKey: 'key-2', description: 'x', photos: [null] } }, {
      lang: 'zh-CN',
      accessToken: 'tok',
      fetch: fetchFn,
      files: photoUploads([{ blob: blob('only'), name: 'photo-1.jpg' }]),
    });
    const init = seen[0]!;
    const headers = init.headers as Record<string, string>;
    expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain('content-type');
    expect(headers['Authorization']).toBe('Bearer tok');
    expect(headers['Accept-Language']).toBe('zh-CN');
    expect(init.body).toBeInstanceOf(FormData);
    const ops = JSON.parse(await text((init.body as FormData).get('operations')));
    expect(ops.variables.input).toEqual({ idempotencyKey: 'key-2', description: 'x', photos: [null] });
    expect(ops.operationName).toBe('FileComplaint');
  });

  it('without files request() stays plain JSON', async () => {
    const seen: RequestInit[] = [];
    const fetchFn = (async (_url: string, init: RequestInit) => {
      seen.push(init);
      return new Response(JSON.stringify({ data: {} }), { headers: { 'Content-Type': 'application/json' } });
    }) as unknown as typeof fetch;
    await request(FileComplaintMutation, { input: { idempotencyKey: 'k', description: 'x' } }, { lang: 'en', fetch: fetchFn, files: [] });
    expect((seen[0]!.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(typeof seen[0]!.body).toBe('string');
  });
});
