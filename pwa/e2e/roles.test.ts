import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, launchPhone, loginThroughUi, smallTapTargets, outDir, type Phone } from './browser';

const ROLES = [
  ['resident', 'RESIDENT', '居民'],
  ['committee', 'COMMITTEE', '居委会'],
  ['property', 'PROPERTY', '物业服务企业'],
  ['officer', 'OFFICER', '城管执法队员'],
  ['supervisor', 'SUPERVISOR', '中队长/区局'],
  ['housing', 'HOUSING', '区房管'],
] as const;

let phone: Phone;

beforeAll(async () => {
  phone = await launchPhone(inject('baseUrl'), { width: 390, height: 844 });
});

afterAll(async () => {
  await phone?.close();
});

describe('each demo role signs in through the UI and sees its home', () => {
  it.each(ROLES)('%s', async (login, role, roleZh) => {
    const { page } = phone;
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('登录共治');

    const { headers, body } = await loginThroughUi(page, login, DEMO_PASSWORD);
    expect(headers['accept-language']).toBe('zh-CN');
    const user = body.data?.login?.session?.user;
    expect(body.data?.login?.userErrors).toEqual([]);
    expect(user?.role).toBe(role);
    expect(user?.displayName).toBeTruthy();
    expect(user?.scope?.label).toBeTruthy();

    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`你好，${user.displayName}`);
    expect(await page.locator('[data-field="role"]').textContent()).toBe(roleZh);
    expect(await page.locator('[data-field="scope"]').textContent()).toBe(user.scope.label);

    // One-handed use: the primary action is large and in the bottom half of the screen.
    const logout = page.getByRole('button', { name: '退出登录' });
    const box = (await logout.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.y).toBeGreaterThan(844 / 2);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: `${outDir}home-${login}.png` });

    await logout.tap();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('登录共治');
    expect(await page.evaluate(() => localStorage.getItem('gongzhi.refreshToken'))).toBeNull();
  });
});
