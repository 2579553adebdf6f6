// Issue #7 in the browser, against the real server: an officer starts a patrol on a phone with a
// second officer of the squad (made for this run by the supervisor through the API), checks in at
// two communities, records a finding OFFLINE (it waits in the outbox), goes back online, and the
// finding is then a PATROL item in the squad's inbox; the patrol ends. The supervisor's roster
// planner and the coverage table open and pass the same accessibility checks. Other files run
// against the same server at the same time: everything here is found by its own stamp.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, axeViolations, launchPhone, loginThroughUi, smallTapTargets, type Phone } from './browser';

const WIDTH = 360;
const HEIGHT = 740;

let baseUrl: string;
let officer: Phone;
let supervisor: Phone;

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables, operationName: /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

async function apiToken(login: string): Promise<string> {
  const data = await gql<{ login: { session: { accessToken: string } | null } }>(
    `mutation Login($input: LoginInput!) { login(input: $input) { session { accessToken } userErrors { message } } }`,
    { input: { login, password: DEMO_PASSWORD } },
  );
  if (!data.login.session) throw new Error(`cannot sign in as ${login}`);
  return data.login.session.accessToken;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

async function signIn(phone: Phone, login: string) {
  const { page } = phone;
  await page.goto('/');
  await expect.poll(() => h1(page)).toBe('登录共治');
  const { body } = await loginThroughUi(page, login, DEMO_PASSWORD);
  expect(body.data?.login?.userErrors).toEqual([]);
  await expect.poll(() => h1(page)).toMatch(/^你好，/);
}

/** Nothing wider than the 360-px phone, every tap target 44 px, no axe violation. */
async function accessible(page: Page) {
  expect(await page.evaluate(() => Math.max(document.documentElement.scrollWidth, innerWidth) - innerWidth)).toBeLessThanOrEqual(0);
  expect(await smallTapTargets(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
}

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const secondName = `e2e巡查队员${stamp}`;

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  // The demo has one officer in the squad; a patrol needs two: make a second one for this run.
  const sup = await apiToken('supervisor');
  const d = await gql<{ subDistricts: { squad: { id: string } | null }[] }>(`query Squads { subDistricts { squad { id } } }`, {}, sup);
  const made = await gql<{ createAccount: { account: { id: string } | null; userErrors: { message: string }[] } }>(
    `mutation Make($input: CreateAccountInput!) { createAccount(input: $input) { account { id } userErrors { message } } }`,
    { input: { login: `e2e.patrol.${stamp}`, displayName: secondName, password: 'patrol-pass-1', role: 'OFFICER', squadId: d.subDistricts[0]!.squad!.id } },
    sup,
  );
  expect(made.createAccount.userErrors).toEqual([]);
  [officer, supervisor] = await Promise.all([
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
  ]);
  await officer.context.grantPermissions(['geolocation'], { origin: baseUrl });
  await officer.context.setGeolocation({ latitude: 31.2188, longitude: 121.4379 });
});

afterAll(async () => {
  await Promise.all([officer?.close(), supervisor?.close()]);
});

describe.sequential('an officer’s patrol', () => {
  let patrolId: string;
  let itemId: string;
  const description = `e2e ${stamp} 巡查发现：楼道堆放杂物`;

  it('the officer opens 今日勤务 from the home screen and starts a patrol with the second officer', async () => {
    await signIn(officer, 'officer');
    const { page } = officer;
    await page.locator('a[data-link="patrols"]').tap();
    await expect.poll(() => h1(page)).toBe('今日勤务');
    const other = page.getByLabel(secondName, { exact: true });
    await other.waitFor();
    await accessible(page);
    await other.check();
    await page.getByRole('button', { name: '开始巡查', exact: true }).tap();
    await page.waitForURL(/\/patrols\/[^/]+$/);
    patrolId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await expect.poll(() => h1(page)).toBe('巡查');
    await expect.poll(() => page.locator(`[data-patrol-id="${patrolId}"]`).textContent()).toContain(secondName);
  });

  it('checks in at two communities', async () => {
    const { page } = officer;
    const select = page.locator('#pt-checkin-community');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThanOrEqual(3);
    for (const index of [1, 2]) {
      await select.selectOption({ index });
      await page.getByRole('button', { name: '在此小区签到', exact: true }).tap();
      await expect.poll(() => page.locator('[data-list="checkins"] [data-checkin-id]').count(), { timeout: 15_000 }).toBe(index);
    }
    await accessible(page);
  });

  it('records a finding offline; it waits on the phone, and is sent once back online', async () => {
    const { page, context } = officer;
    await context.setOffline(true);
    await page.locator('#pt-finding-community').selectOption({ index: 1 });
    await page.locator('#pt-finding-unit').selectOption({ index: 1 });
    await page.locator('#pt-finding-matter').selectOption({ index: 1 });
    await page.locator('#pt-finding-description').fill(description);
    await page.getByRole('button', { name: '保存发现', exact: true }).tap();
    await expect.poll(() => page.locator('[data-list="findings"] [data-outbox-state="queued"]').count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已保存在手机上' }).count()).toBeGreaterThan(0);

    await context.setOffline(false);
    await expect.poll(() => page.locator('[data-list="findings"] [data-outbox-key]').count(), { timeout: 20_000 }).toBe(0);
    const finding = page.locator('[data-list="findings"] [data-finding-id]');
    await expect.poll(() => finding.count(), { timeout: 15_000 }).toBe(1);
    itemId = (await finding.getAttribute('data-item-id'))!;
    expect(itemId).toBeTruthy();
  });

  it('the finding is a PATROL item in the squad’s inbox', async () => {
    const token = await apiToken('officer');
    const data = await gql<{ item: { id: string; source: string; description: string }; inbox: { edges: { node: { id: string } }[] } }>(
      `query Check($id: ID!) { item(id: $id) { id source description } inbox(filter: { source: PATROL }, first: 100) { edges { node { id } } } }`,
      { id: itemId },
      token,
    );
    expect(data.item.source).toBe('PATROL');
    expect(data.item.description).toBe(description);
    expect(data.inbox.edges.map((e) => e.node.id)).toContain(itemId);

    // And on the phone: the link opens the item.
    const { page } = officer;
    await page.locator(`[data-list="findings"] [data-item-id="${itemId}"] a`).tap();
    await page.waitForURL(new RegExp(`/items/${itemId}$`));
    await expect.poll(() => page.locator('main').textContent()).toContain(description);
  });

  it('the patrol ends', async () => {
    const { page } = officer;
    await page.goto(`/patrols/${encodeURIComponent(patrolId)}`);
    await page.locator('[data-action="end-patrol"]').tap();
    await expect.poll(() => page.locator(`[data-patrol-id="${patrolId}"]`).getAttribute('data-ended')).toBe('true');
    expect(await page.locator('[data-action="checkin"]').count()).toBe(0);
    await accessible(page);
  });
});

describe.sequential('the supervisor’s roster and coverage', () => {
  it('opens the roster planner from home: suggestions with reasons, accessible at 360 px', async () => {
    await signIn(supervisor, 'supervisor');
    const { page } = supervisor;
    await page.locator('a[data-link="roster"]').tap();
    await expect.poll(() => h1(page)).toBe('排班计划');
    await expect.poll(() => page.locator('[data-list="suggestions"] li[data-community-id]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await accessible(page);
  });

  it('a visit with one officer is refused on the phone; the coverage table opens', async () => {
    const { page } = supervisor;
    await page.locator('#pt-plan-title').fill(`e2e ${stamp} 排班`);
    await page.locator('[data-list="suggestions"] li[data-community-id] button').first().tap();
    await expect.poll(() => page.locator('[data-visit-index]').count()).toBe(1);
    await page.getByRole('button', { name: '保存计划', exact: true }).tap();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '每次巡查至少需要两名队员' }).count()).toBeGreaterThan(0);
    await accessible(page);

    await page.locator('a[data-link="coverage"]').tap();
    await expect.poll(() => h1(page)).toBe('巡查覆盖');
    await expect.poll(() => page.locator('[data-list="coverage"] tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await accessible(page);
  });
});
