import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from './app';
import { LANG_STORAGE_KEY, loadLang, type Lang } from './i18n';
import { REFRESH_TOKEN_KEY, SessionManager, USER_KEY, type RequestFn } from './session';
import { NetworkError } from './graphql/client';
import { OutboxController } from './outbox/page';
import { openOutbox } from './outbox/store';
import type { User } from './graphql/types';

const officer: User = {
  id: 'u5',
  displayName: '李强',
  role: 'OFFICER',
  status: 'ACTIVE',
  scope: { kind: 'SQUAD', label: '第一中队' },
};

let dbCount = 0;

function mount(handlers: Record<string, (vars: any, lang: Lang) => unknown>) {
  const langRef = { current: loadLang(localStorage) };
  const send: RequestFn = async (op, variables, options) => {
    const h = handlers[op.operationName];
    if (!h) throw new Error(`unexpected ${op.operationName}`);
    return h(variables, options.lang) as never;
  };
  const session = new SessionManager({ storage: localStorage, lang: () => langRef.current, request: send });
  const outbox = new OutboxController({
    db: openOutbox(`app-test-${++dbCount}`),
    call: (op, variables) => session.authed(op, variables),
    lang: () => langRef.current,
    registerSync: async () => undefined,
  });
  return render(
    <App session={session} storage={localStorage} initialLang={langRef.current} langRef={langRef} outbox={outbox} />,
  );
}

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('App', () => {
  it('login page: labelled fields, zh-CN by default', () => {
    mount({});
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('登录共治');
    expect(screen.getByLabelText('账号或手机号')).toBeTruthy();
    expect(screen.getByLabelText('密码').getAttribute('type')).toBe('password');
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
  });

  it('shows the server message for wrong credentials', async () => {
    mount({
      Login: () => ({
        login: { session: null, userErrors: [{ field: [], code: 'INVALID_CREDENTIALS', message: '账号或密码不正确' }] },
      }),
    });
    fireEvent.input(screen.getByLabelText('账号或手机号'), { target: { value: 'resident' } });
    fireEvent.input(screen.getByLabelText('密码'), { target: { value: 'nope' } });
    fireEvent.submit(screen.getByRole('button', { name: '登录' }).closest('form')!);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('账号或密码不正确'));
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('signs in to the role home and switches language (persisted, server labels refetched)', async () => {
    mount({
      Login: (vars) => {
        expect(vars).toEqual({ input: { login: 'officer', password: 'gongzhi-demo' } });
        return {
          login: {
            session: {
              accessToken: 'a',
              accessTokenExpiresAt: '',
              refreshToken: 'r',
              refreshTokenExpiresAt: '',
              user: officer,
            },
            userErrors: [],
          },
        };
      },
      Me: (_v, lang) => ({ me: { ...officer, scope: { kind: 'SQUAD', label: lang === 'en' ? 'Squad 1' : '第一中队' } } }),
    });
    fireEvent.input(screen.getByLabelText('账号或手机号'), { target: { value: 'officer' } });
    fireEvent.input(screen.getByLabelText('密码'), { target: { value: 'gongzhi-demo' } });
    fireEvent.submit(screen.getByRole('button', { name: '登录' }).closest('form')!);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('你好，李强'));
    expect(screen.getByText('城管执法队员')).toBeTruthy();
    expect(screen.getByText('第一中队')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    await waitFor(() => expect(screen.getByText('Squad 1')).toBeTruthy());
    expect(screen.getByText('Enforcement officer')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(JSON.parse(localStorage.getItem(USER_KEY)!).scope.label).toBe('Squad 1');
  });

  it('offline start shows the cached home with an offline notice', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r');
    localStorage.setItem(USER_KEY, JSON.stringify(officer));
    mount({
      RefreshSession: () => {
        throw new NetworkError('Failed to fetch');
      },
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('你好，李强');
    await waitFor(() => expect(screen.getByText(/离线模式/)).toBeTruthy());
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r');
  });

  it('an expired refresh token leads to the login page with a notice', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'old');
    localStorage.setItem(USER_KEY, JSON.stringify(officer));
    mount({
      RefreshSession: () => ({
        refreshSession: { session: null, userErrors: [{ field: [], code: 'INVALID_REFRESH_TOKEN', message: '' }] },
      }),
    });
    await waitFor(() => expect(screen.getByText('登录已过期，请重新登录。')).toBeTruthy());
    expect(screen.getByLabelText('账号或手机号')).toBeTruthy();
  });
});
