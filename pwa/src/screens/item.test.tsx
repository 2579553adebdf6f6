import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../app';
import { loadLang, type Lang } from '../i18n';
import { REFRESH_TOKEN_KEY, SessionManager, USER_KEY, type RequestFn } from '../session';
import type { Item, User } from '../graphql/types';
import { OutboxController } from '../outbox/page';
import { openOutbox } from '../outbox/store';

const officer: User = { id: 'o1', displayName: '李强', role: 'OFFICER', status: 'ACTIVE', scope: { kind: 'SQUAD', label: '第一中队' } };
const supervisor: User = { ...officer, id: 's1', role: 'SUPERVISOR', scope: { kind: 'DISTRICT', label: '长宁区' } };
const resident: User = { id: 'r1', displayName: '王阿姨', role: 'RESIDENT', status: 'ACTIVE', scope: { kind: 'UNIT', label: '安化小区 1号楼 101' } };

function item(patch: Partial<Item>): Item {
  return {
    id: 'i1',
    kind: 'COMPLAINT',
    source: 'CITIZEN_COMPLAINT',
    status: 'ACCEPTED',
    matter: null,
    community: { id: 'c1', name: '安化小区' },
    unitLabel: '1号楼 101',
    description: '天台搭建',
    topic: null,
    createdAt: '2026-11-27T01:00:00Z',
    publicSafety: false,
    priority: 0,
    nextDeadline: '2026-12-04T15:59:59Z',
    overdue: false,
    nearDue: false,
    filerCount: 1,
    mine: false,
    reopened: false,
    seenAt: null,
    mediaAttention: false,
    anonymous: false,
    late: false,
    filer: null,
    reply: null,
    rating: null,
    ratingComment: null,
    resolution: null,
    department: null,
    dissuasion: null,
    reasons: null,
    measures: null,
    answer: null,
    adoption: null,
    photos: [],
    availableActions: [],
    timeline: [],
    ...patch,
  };
}

let dbCount = 0;
let calls: { name: string; vars: any }[];

function mount(user: User, handlers: Record<string, (vars: any) => unknown>) {
  history.replaceState(null, '', '/items/i1');
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r');
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  const langRef = { current: loadLang(localStorage) as Lang };
  const send: RequestFn = async (op, variables) => {
    calls.push({ name: op.operationName, vars: variables });
    if (op.operationName === 'RefreshSession') {
      return {
        refreshSession: {
          session: { accessToken: 'a', accessTokenExpiresAt: '', refreshToken: 'r2', refreshTokenExpiresAt: '', user },
          userErrors: [],
        },
      } as never;
    }
    const h = handlers[op.operationName];
    if (!h) throw new Error(`unexpected ${op.operationName}`);
    return h(variables) as never;
  };
  const s = new SessionManager({ storage: localStorage, lang: () => langRef.current, request: send });
  const outbox = new OutboxController({
    db: openOutbox(`item-test-${++dbCount}`),
    call: (op, variables) => s.authed(op, variables),
    lang: () => langRef.current,
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

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('item page', () => {
  it('officer answers a suggestion: both fields required, then answerSuggestion with the adoption', async () => {
    const suggestion = item({ kind: 'SUGGESTION', topic: '增设充电棚', reasons: '楼道充电危险', measures: '建棚', availableActions: ['ANSWER_SUGGESTION'] });
    mount(officer, {
      Item: () => ({ item: suggestion }),
      AnswerSuggestion: (vars) => ({
        answerSuggestion: {
          item: { ...suggestion, status: 'ANSWERED', answer: vars.input.answer, adoption: vars.input.adoption, availableActions: [] },
          userErrors: [],
        },
      }),
    });
    await waitFor(() => expect(heading()).toBe('增设充电棚'));
    fireEvent.submit(screen.getByRole('button', { name: '发送答复' }).closest('form')!);
    await waitFor(() => expect(screen.getByLabelText('答复意见').getAttribute('aria-invalid')).toBe('true'));
    expect(calls.map((c) => c.name)).not.toContain('AnswerSuggestion');

    fireEvent.input(screen.getByLabelText('答复意见'), { target: { value: '年底前建成。' } });
    fireEvent.click(screen.getByLabelText('部分采纳'));
    fireEvent.submit(screen.getByRole('button', { name: '发送答复' }).closest('form')!);
    await waitFor(() => expect(document.querySelector('[data-field="adoption"]')?.textContent).toBe('部分采纳'));
    expect(calls.find((c) => c.name === 'AnswerSuggestion')!.vars).toEqual({
      input: { itemId: 'i1', answer: '年底前建成。', adoption: 'PARTLY_ADOPTED' },
    });
    expect(document.querySelector('[data-field="answer"]')?.textContent).toBe('年底前建成。');
  });

  it('a resident sees a suggestion’s answer and adoption, and no steps', async () => {
    mount(resident, {
      Item: () => ({
        item: item({ kind: 'SUGGESTION', status: 'ANSWERED', topic: '增设充电棚', answer: '已采纳，年底建成。', adoption: 'ADOPTED', mine: true }),
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-field="answer"]')?.textContent).toBe('已采纳，年底建成。'));
    expect(document.querySelector('[data-field="adoption"]')?.textContent).toBe('已采纳');
    expect(screen.queryByRole('heading', { name: '办理' })).toBeNull();
  });

  it('supervisor extends the time limit: 1–30 working days and a reason', async () => {
    const open = item({ availableActions: ['EXTEND_DEADLINE'] });
    mount(supervisor, {
      Item: () => ({ item: open }),
      ExtendDeadline: (vars) => ({
        extendDeadline: { item: { ...open, nextDeadline: '2026-12-11T15:59:59Z' }, userErrors: [] },
        vars,
      }),
    });
    await waitFor(() => expect(screen.getByLabelText('延长的工作日数（1–30）')).toBeTruthy());
    fireEvent.input(screen.getByLabelText('延长的工作日数（1–30）'), { target: { value: '31' } });
    fireEvent.input(screen.getByLabelText('延期理由'), { target: { value: '需联合核查' } });
    fireEvent.submit(screen.getByRole('button', { name: '确认延期' }).closest('form')!);
    await waitFor(() => expect(screen.getByText('请填写 1 到 30 之间的整数。')).toBeTruthy());
    expect(calls.map((c) => c.name)).not.toContain('ExtendDeadline');

    fireEvent.input(screen.getByLabelText('延长的工作日数（1–30）'), { target: { value: '5' } });
    fireEvent.submit(screen.getByRole('button', { name: '确认延期' }).closest('form')!);
    await waitFor(() => expect(calls.map((c) => c.name)).toContain('ExtendDeadline'));
    expect(calls.find((c) => c.name === 'ExtendDeadline')!.vars).toEqual({ input: { itemId: 'i1', days: 5, reason: '需联合核查' } });
  });

  it('photos: a grid of thumbnails; the officer also sees when and where each was taken', async () => {
    const photo = (id: string, extra: object) => ({
      id,
      width: 1200,
      height: 1600,
      thumbnailUrl: `/photos/${id}/thumbnail?expires=1&sig=a`,
      url: `/photos/${id}/display?expires=1&sig=a`,
      originalUrl: null,
      capturedAt: null,
      latitude: null,
      longitude: null,
      ...extra,
    });
    mount(officer, {
      Item: () => ({
        item: item({
          photos: [
            photo('p1', { originalUrl: '/photos/p1/original?x', capturedAt: '2026-11-20T01:15:00Z', latitude: 31.2188, longitude: 121.4379 }),
            photo('p2', { originalUrl: '/photos/p2/original?x', thumbnailUrl: null, url: null }),
          ],
        }),
      }),
    });
    await waitFor(() => expect(screen.getByRole('heading', { name: '照片 (2)' })).toBeTruthy());
    const thumbs = document.querySelectorAll('[data-list="photos"] img');
    expect([...thumbs].map((i) => i.getAttribute('src'))).toEqual(['/photos/p1/thumbnail?expires=1&sig=a']);
    expect(screen.getByRole('button', { name: '查看第 1 张照片大图' })).toBeTruthy();
    expect(screen.getByText('此格式无法预览')).toBeTruthy();
    expect(document.querySelector('[data-photo-position]')?.textContent).toBe('拍摄位置：31.21880° N, 121.43790° E');
    expect(document.querySelector('[data-photo-captured]')?.textContent).toMatch(/^拍摄时间：2026年11月20日/);
    expect(screen.getByText('照片未记录拍摄时间和位置')).toBeTruthy();
  });
});
