import { describe, expect, it, vi } from 'vitest';
import { translator } from './i18n';
import { NAVIGATE_MESSAGE, notificationFor, openFromNotification, type WindowClientLike } from './sw-push';

const data = (text: string) => ({ text: () => text });
const ITEM = '0b7c1c2e-5d7a-4a53-9f0e-3f6f3b1e2a10';

describe('notificationFor (the SW push handler)', () => {
  it('shows the server’s title and body, with the icon, a tag per item and the item id', () => {
    const n = notificationFor(
      data(JSON.stringify({ title: '共治 · 您反映的事项有新进展', body: '已受理 / accepted', itemId: ITEM, status: 'ACCEPTED' })),
      'zh-CN',
    );
    expect(n.title).toBe('共治 · 您反映的事项有新进展');
    expect(n.options).toEqual({
      body: '已受理 / accepted',
      icon: '/icons/icon-192.png',
      tag: `item:${ITEM}`,
      renotify: true,
      data: { itemId: ITEM },
    });
  });

  it('two updates of one item share a tag (the later replaces the earlier); other items do not', () => {
    const a = notificationFor(data(JSON.stringify({ title: 't', body: '已受理', itemId: ITEM })), 'zh-CN');
    const b = notificationFor(data(JSON.stringify({ title: 't', body: '已办结', itemId: ITEM })), 'zh-CN');
    const c = notificationFor(data(JSON.stringify({ title: 't', body: '已受理', itemId: 'other' })), 'zh-CN');
    expect(a.options.tag).toBe(b.options.tag);
    expect(c.options.tag).not.toBe(a.options.tag);
  });

  it.each([
    ['not JSON', data('not json {')],
    ['JSON without fields', data('[1,2]')],
    ['no data', null],
  ])('%s: a generic notification in the interface language', (_name, payload) => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const t = translator(lang);
      const n = notificationFor(payload, lang);
      expect(n.title).toBe(t('push.fallbackTitle'));
      expect(n.options.body).toBe(t('push.fallbackBody'));
      expect(n.options.icon).toBe('/icons/icon-192.png');
      expect(n.options.data).toEqual({});
    }
    expect(notificationFor(payload, 'zh-CN').options.body).toBe('您反映的事项有新进展，请打开共治查看。');
  });

  it('JSON with an item but no title: the generic title, still leading to the item', () => {
    const n = notificationFor(data(JSON.stringify({ itemId: ITEM })), 'en');
    expect(n.title).toBe('Gongzhi');
    expect(n.options.data).toEqual({ itemId: ITEM });
  });
});

function fakeWindow(url: string, extra: Partial<Pick<WindowClientLike, 'focused' | 'visibilityState'>> = {}) {
  return {
    url,
    focused: extra.focused ?? false,
    visibilityState: extra.visibilityState ?? 'hidden',
    focus: vi.fn(async () => undefined),
    postMessage: vi.fn(),
  };
}

describe('openFromNotification (notificationclick)', () => {
  const origin = 'https://gongzhi.example.cn';

  it('brings an open app window to the item page', async () => {
    const hidden = fakeWindow(`${origin}/items`);
    const visible = fakeWindow(`${origin}/`, { visibilityState: 'visible' });
    const openWindow = vi.fn(async () => null);
    const matchAll = vi.fn(async () => [hidden, visible]);
    await openFromNotification({ matchAll, openWindow }, origin, { itemId: ITEM });
    expect(matchAll).toHaveBeenCalledWith({ type: 'window', includeUncontrolled: true });
    expect(visible.postMessage).toHaveBeenCalledWith({ type: NAVIGATE_MESSAGE, path: `/items/${ITEM}` });
    expect(visible.focus).toHaveBeenCalled();
    expect(hidden.postMessage).not.toHaveBeenCalled();
    expect(openWindow).not.toHaveBeenCalled();
  });

  it('opens a window at the item when none is open (windows of other sites do not count)', async () => {
    const foreign = fakeWindow('https://elsewhere.example.com/', { focused: true });
    const openWindow = vi.fn(async () => null);
    await openFromNotification({ matchAll: async () => [foreign], openWindow }, origin, { itemId: 'a/b' });
    expect(openWindow).toHaveBeenCalledWith(`${origin}/items/a%2Fb`);
    expect(foreign.postMessage).not.toHaveBeenCalled();
  });

  it('a notification without an item leads home', async () => {
    const openWindow = vi.fn(async () => null);
    await openFromNotification({ matchAll: async () => [], openWindow }, origin, {});
    expect(openWindow).toHaveBeenCalledWith(`${origin}/`);
  });
});
