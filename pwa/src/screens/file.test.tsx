import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../app';
import { loadLang, type Lang } from '../i18n';
import { REFRESH_TOKEN_KEY, SessionManager, USER_KEY, type RequestFn } from '../session';
import { NetworkError } from '../graphql/client';
import type { User } from '../graphql/types';
import { OutboxController } from '../outbox/page';
import { listEntries, openOutbox, type OutboxDb } from '../outbox/store';

const resident: User = {
  id: 'res-1',
  displayName: '王阿姨',
  role: 'RESIDENT',
  status: 'ACTIVE',
  scope: { kind: 'UNIT', label: '安化小区 1号楼 101' },
};
const firm: User = {
  id: 'firm-1',
  displayName: '长宁物业 陈经理',
  role: 'PROPERTY',
  status: 'ACTIVE',
  scope: { kind: 'COMMUNITIES', label: '长宁物业服务有限公司' },
};

const committee: User = {
  id: 'com-1',
  displayName: '安化居委 李主任',
  role: 'COMMITTEE',
  status: 'ACTIVE',
  scope: { kind: 'COMMUNITIES', label: '安化居民区' },
};

const ANHUA = {
  id: 'c1',
  name: '安化小区',
  buildings: [
    { id: 'b1', name: '1号楼', units: [{ id: 'u101', number: '101' }, { id: 'u102', number: '102' }] },
    { id: 'b2', name: '2号楼', units: [{ id: 'u201', number: '201' }] },
  ],
};
const myCommunities = (...list: (typeof ANHUA)[]) => ({
  myCommunities: { edges: list.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: list.length },
});

const MATTERS = [
  { code: 'A7', name: '擅自改建、占用物业共用部分', category: 'HOUSING_SAFETY' },
  { code: 'C8', name: '装修垃圾未在指定地点堆放', category: 'ENVIRONMENT_ORDER' },
  { code: 'C1', name: '违法搭建建筑物、构筑物', category: 'ENVIRONMENT_ORDER' },
];

let dbCount = 0;
let db: Promise<OutboxDb>;
let calls: string[];

function session(user: User) {
  return {
    refreshSession: {
      session: { accessToken: 'a', accessTokenExpiresAt: '', refreshToken: 'r2', refreshTokenExpiresAt: '', user },
      userErrors: [],
    },
  };
}

/** The app signed in as `user` (from the stored session) on `path`, with a scripted server. */
function mount(user: User, path: string, handlers: Record<string, (vars: any) => unknown>, online = true) {
  history.replaceState(null, '', path);
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r');
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  const langRef = { current: loadLang(localStorage) as Lang };
  const send: RequestFn = async (op, variables) => {
    calls.push(op.operationName);
    if (!online) throw new NetworkError('Failed to fetch');
    const h = handlers[op.operationName];
    if (!h) throw new Error(`unexpected ${op.operationName}`);
    return h(variables) as never;
  };
  const s = new SessionManager({ storage: localStorage, lang: () => langRef.current, request: send });
  db = openOutbox(`file-test-${++dbCount}`);
  const outbox = new OutboxController({
    db,
    call: (op, variables) => s.authed(op, variables),
    lang: () => langRef.current,
    online: () => online,
    registerSync: async () => undefined,
  });
  return render(<App session={s} storage={localStorage} initialLang={langRef.current} langRef={langRef} outbox={outbox} />);
}

beforeEach(() => {
  localStorage.clear();
  calls = [];
});
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
});

/** No image decoder here (happy-dom): photos are taken as they are (compression is tested in photos.test.ts). */
const withoutDecoder = () => vi.stubGlobal('createImageBitmap', undefined);

describe('filing screen', () => {
  it('offline: a complaint is queued in the outbox with its idempotency key and shown as 待发送 1 条', async () => {
    localStorage.setItem('gongzhi.matters.zh-CN', JSON.stringify(MATTERS));
    mount(resident, '/file', {}, false);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('我要反映'));
    // Matters grouped by category, with "unsure" first.
    const matter = screen.getByLabelText('问题类别') as HTMLSelectElement;
    expect(matter.options[0]!.textContent).toBe('不确定，由执法队员判断');
    expect([...matter.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['破坏房屋使用安全', '破坏小区环境秩序']);

    fireEvent.change(matter, { target: { value: 'A7' } });
    fireEvent.input(screen.getByLabelText(/^问题描述/), { target: { value: '楼道堆物' } });
    fireEvent.submit(screen.getByRole('button', { name: '提交' }).closest('form')!);

    await waitFor(() => expect(screen.getByText(/^已保存在本机/)).toBeTruthy());
    await waitFor(() => expect(screen.getByRole('link', { name: '待发送 1 条' })).toBeTruthy());
    const [entry] = await listEntries(await db, resident.id);
    expect(entry).toMatchObject({ kind: 'complaint', state: 'queued', title: '擅自改建、占用物业共用部分' });
    expect(entry!.input).toMatchObject({ idempotencyKey: entry!.key, matterCode: 'A7', description: '楼道堆物' });
    expect(entry!.key).toMatch(/^[0-9a-f-]{36}$/);
    // The draft moved into the outbox.
    expect(localStorage.getItem(`gongzhi.draft.${resident.id}.complaint`)).toBeNull();
    expect(calls.filter((c) => c === 'FileComplaint')).toEqual([]);
  });

  it('illegal construction asks whether it is still being built, and the filing says so', async () => {
    localStorage.setItem('gongzhi.matters.zh-CN', JSON.stringify(MATTERS));
    mount(resident, '/file', {}, false);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('我要反映'));
    const matter = screen.getByLabelText('问题类别') as HTMLSelectElement;
    fireEvent.change(matter, { target: { value: 'C8' } });
    expect(screen.queryByLabelText(/^仍在施工中/)).toBeNull();
    fireEvent.change(matter, { target: { value: 'C1' } });
    fireEvent.click(screen.getByLabelText(/^仍在施工中/));
    fireEvent.input(screen.getByLabelText(/^问题描述/), { target: { value: '楼顶正在搭棚' } });
    fireEvent.submit(screen.getByRole('button', { name: '提交' }).closest('form')!);
    await waitFor(() => expect(screen.getByRole('link', { name: '待发送 1 条' })).toBeTruthy());
    const [entry] = await listEntries(await db, resident.id);
    expect(entry!.input).toMatchObject({ matterCode: 'C1', stillBeingBuilt: true });
  });

  it('keeps a draft while typing and restores it', async () => {
    mount(resident, '/file', {}, false);
    await waitFor(() => expect(screen.getByLabelText(/^问题描述/)).toBeTruthy());
    fireEvent.input(screen.getByLabelText(/^问题描述/), { target: { value: '半句话' } });
    expect(JSON.parse(localStorage.getItem(`gongzhi.draft.${resident.id}.complaint`)!)).toMatchObject({
      description: '半句话',
    });
    cleanup();
    mount(resident, '/file', {}, false);
    await waitFor(() => expect((screen.getByLabelText(/^问题描述/) as HTMLTextAreaElement).value).toBe('半句话'));
  });

  it('a property report needs its dissuasion record; bypassed, the server message is shown', async () => {
    // The server narrows `myCommunities` to the firm's own; the search box narrows them further.
    const community = { id: 'c1', name: '安化小区', buildings: [] };
    const other = { id: 'c2', name: '华山小区', buildings: [] };
    mount(firm, '/file', {
      RefreshSession: () => session(firm),
      Matters: () => ({ matters: { edges: MATTERS.map((node) => ({ node })), pageInfo: {}, totalCount: 2 } }),
      MyCommunities: () => ({
        myCommunities: {
          edges: [{ node: community }, { node: other }],
          pageInfo: { hasNextPage: false, endCursor: null },
          totalCount: 2,
        },
      }),
      FilePropertyReport: (vars) => {
        expect(vars.input.dissuasion).toBeNull();
        return {
          filePropertyReport: {
            item: null,
            userErrors: [{ field: ['input', 'dissuasion'], code: 'REQUIRED', message: '物业报告须附劝阻记录。' }],
          },
        };
      },
    });
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('物业报告'));
    await waitFor(() => expect(screen.getByRole('option', { name: '华山小区' })).toBeTruthy());
    fireEvent.input(screen.getByLabelText('查找小区'), { target: { value: '安化' } });
    await waitFor(() => expect(screen.queryByRole('option', { name: '华山小区' })).toBeNull());
    expect(screen.getByRole('option', { name: '安化小区' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('小区'), { target: { value: 'c1' } });
    fireEvent.input(screen.getByLabelText(/^问题描述/), { target: { value: '拆除承重墙' } });

    const form = screen.getByRole('button', { name: '提交' }).closest('form')!;
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('还有 4 项需要填写。'));
    expect(screen.getByLabelText(/^劝阻方式/).getAttribute('aria-invalid')).toBe('true');
    expect(calls).not.toContain('FilePropertyReport');

    form.querySelectorAll('[required]').forEach((el) => el.removeAttribute('required'));
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('未能提交：物业报告须附劝阻记录。'));
    expect(calls).toContain('FilePropertyReport');
    // Shown next to the form, not left in the outbox; the text stays.
    expect(await listEntries(await db, firm.id)).toEqual([]);
    expect((screen.getByLabelText(/^问题描述/) as HTMLTextAreaElement).value).toBe('拆除承重墙');
  });

  it('the resident’s home comes from me.home: the unit is preselected, whatever the scope label says', async () => {
    const labelled = { ...resident, scope: { kind: 'UNIT' as const, label: 'a label that cannot be split' } };
    mount(labelled, '/file', {
      RefreshSession: () => session(labelled),
      Matters: () => ({ matters: { edges: MATTERS.map((node) => ({ node })), pageInfo: {}, totalCount: 2 } }),
      MyHome: () => ({ me: { id: resident.id, home: { communityId: 'c1', communityName: '安化小区', unitId: 'u102', unitLabel: '1号楼 102' } } }),
      MyCommunities: () => myCommunities(ANHUA),
    });
    await waitFor(() => expect(screen.getByText('默认为你登记的住址：安化小区 1号楼 102')).toBeTruthy());
    const unit = (await waitFor(() => screen.getByLabelText(/^楼栋和房号/))) as HTMLSelectElement;
    await waitFor(() => expect(unit.value).toBe('u102'));
    expect(unit.selectedOptions[0]!.textContent).toBe('1号楼 102（我家）');
    expect(calls).not.toContain('Communities');
    // Both are kept for offline filing.
    expect(JSON.parse(localStorage.getItem(`gongzhi.home.${resident.id}`)!)).toMatchObject({ unitId: 'u102' });
    expect(JSON.parse(localStorage.getItem(`gongzhi.communities.${resident.id}`)!)).toEqual([ANHUA]);
  });

  it('offline: attached photos go into the outbox with the filing, as Blobs, and can be removed first', async () => {
    withoutDecoder();
    mount(resident, '/file', {}, false);
    await waitFor(() => expect(screen.getByLabelText(/^问题描述/)).toBeTruthy());
    const gallery = screen.getByLabelText('从相册选择') as HTMLInputElement;
    expect(gallery.type).toBe('file');
    expect(gallery.accept).toBe('image/*');
    expect(gallery.multiple).toBe(true);
    expect(screen.getByLabelText('拍照').getAttribute('capture')).toBe('environment');

    const files = ['a', 'b', 'c'].map((n) => new File([`png-${n}`], `${n}.png`, { type: 'image/png' }));
    Object.defineProperty(gallery, 'files', { value: files, configurable: true });
    fireEvent.change(gallery);
    await waitFor(() => expect(screen.getByText('已添加 3/9 张')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '删除第 2 张照片' }));
    await waitFor(() => expect(screen.getByText('已添加 2/9 张')).toBeTruthy());

    fireEvent.input(screen.getByLabelText(/^问题描述/), { target: { value: '天台搭建' } });
    fireEvent.submit(screen.getByRole('button', { name: '提交' }).closest('form')!);
    await waitFor(() => expect(screen.getByRole('link', { name: '待发送 1 条' })).toBeTruthy());
    const [entry] = await listEntries(await db, resident.id);
    expect(entry!.kind).toBe('complaint');
    const photos = entry!.kind === 'complaint' ? entry!.photos! : [];
    expect(photos).toHaveLength(2);
    // b was removed. (Blobs survive IndexedDB in browsers and in outbox/photos.test.ts; happy-dom's do not.)
    expect(photos.map((p) => p.name)).toEqual(['a.png', 'c.png']);
    await waitFor(() => expect(screen.getByText('已添加 0/9 张')).toBeTruthy());
  });

  it('at most 9 photos: the extra ones are not added, and the user is told', async () => {
    withoutDecoder();
    mount(resident, '/file', {}, false);
    await waitFor(() => expect(screen.getByLabelText(/^问题描述/)).toBeTruthy());
    const gallery = screen.getByLabelText('从相册选择') as HTMLInputElement;
    const files = Array.from({ length: 11 }, (_, i) => new File([`p${i}`], `${i}.png`, { type: 'image/png' }));
    Object.defineProperty(gallery, 'files', { value: files, configurable: true });
    fireEvent.change(gallery);
    await waitFor(() => expect(screen.getByText('已添加 9/9 张')).toBeTruthy());
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('最多 9 张照片，多选的没有添加。');
    expect((screen.getByLabelText('拍照') as HTMLInputElement).disabled).toBe(true);
  });

  it('a committee’s only community is chosen for it; "me too" is for residents only', async () => {
    mount(committee, '/file', {
      RefreshSession: () => session(committee),
      Matters: () => ({ matters: { edges: MATTERS.map((node) => ({ node })), pageInfo: {}, totalCount: 2 } }),
      MyCommunities: () => myCommunities(ANHUA),
      SimilarOpenItems: () => ({
        similarOpenItems: [{ id: 'i9', matter: null, unitLabel: '1号楼 101', status: 'SUBMITTED', createdAt: '2026-11-27T01:00:00Z', filerCount: 2 }],
      }),
    });
    const select = (await waitFor(() => screen.getByLabelText('小区'))) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('c1'));
    expect(calls).not.toContain('MyHome');
    fireEvent.input(screen.getByLabelText(/^问题描述/), { target: { value: '楼道堆物' } });
    fireEvent.submit(screen.getByRole('button', { name: '提交' }).closest('form')!);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('已有人反映过类似问题'));
    expect(screen.queryByRole('button', { name: '我也遇到了' })).toBeNull();
    expect(screen.getByRole('link', { name: '查看' }).getAttribute('href')).toBe('/items/i9');
    expect(calls).not.toContain('JoinItem');
  });
});
