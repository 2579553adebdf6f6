import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const MATTERS = [
  { code: 'A7', name: '擅自改建、占用物业共用部分', category: 'HOUSING_SAFETY' },
  { code: 'C8', name: '装修垃圾未在指定地点堆放', category: 'ENVIRONMENT_ORDER' },
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
});

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
    const community = {
      id: 'c1',
      name: '安化小区',
      address: '',
      committee: { name: '安化居民区' },
      propertyFirm: { name: firm.scope.label },
    };
    const other = { ...community, id: 'c2', name: '别家小区', propertyFirm: { name: '别的物业' } };
    mount(firm, '/file', {
      RefreshSession: () => session(firm),
      Matters: () => ({ matters: { edges: MATTERS.map((node) => ({ node })), pageInfo: {}, totalCount: 2 } }),
      Communities: () => ({ communities: { edges: [{ node: community }, { node: other }], pageInfo: {}, totalCount: 2 } }),
      CommunityUnits: () => ({ community: { id: 'c1', name: '安化小区', buildings: [] } }),
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
    // Only the firm's own communities are offered.
    await waitFor(() => expect(screen.getByRole('option', { name: '安化小区' })).toBeTruthy());
    expect(screen.queryByRole('option', { name: '别家小区' })).toBeNull();
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
});
