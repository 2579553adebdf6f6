// Photos, live updates and the suggestion/extension steps in the browser, against the real server:
// (a) with the officer's inbox open (its own browser), a resident attaches two photos offline (a
//     JPEG with EXIF capture time, GPS and a 90° orientation, and a PNG); the outbox keeps them;
//     back online the filing arrives once with both photos (made small on the phone, upright) and
//     appears in the officer's inbox without a reload; both see the photos; the officer sees when
//     and where the JPEG was taken;
// (b) a photo the server refuses is named on the form with the server's message;
// (c) an officer answers a suggestion and the resident, watching the item, sees the answer arrive
//     live; a supervisor extends a time limit.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  axeViolations,
  graphqlExchange,
  launchPhone,
  loginThroughUi,
  outDir,
  smallTapTargets,
  waitForServiceWorkerControl,
  type Phone,
} from './browser';
import { exifSegment, makeJpegInPage, makePng, withSegment } from './images';

const WIDTH = 360;
const HEIGHT = 740;

let baseUrl: string;
let resident: Phone;
let officer: Phone;

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Accept-Language': 'zh-CN',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
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

interface StoredPhoto {
  id: string;
  width: number;
  height: number;
  thumbnailUrl: string | null;
  url: string | null;
  capturedAt: string | null;
  latitude: number | null;
  longitude: number | null;
}

async function itemsWith(token: string, description: string) {
  const data = await gql<{ myItems: { edges: { node: { id: string; description: string } }[] } }>(
    `query { myItems(first: 100) { edges { node { id description } } } }`,
    {},
    token,
  );
  return data.myItems.edges.map((e) => e.node).filter((n) => n.description === description);
}

async function photosOf(token: string, id: string): Promise<StoredPhoto[]> {
  const data = await gql<{ item: { photos: StoredPhoto[] } }>(
    `query Item($id: ID!) { item(id: $id) { photos { id width height thumbnailUrl url capturedAt latitude longitude } } }`,
    { id },
    token,
  );
  return data.item.photos;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

async function signIn(phone: Phone, login: string) {
  const { page } = phone;
  await page.goto('/');
  await expect.poll(() => h1(page)).toBe('登录共治');
  const { body } = await loginThroughUi(page, login, DEMO_PASSWORD);
  expect(body.data?.login?.userErrors).toEqual([]);
  await expect.poll(() => h1(page)).toMatch(/^你好，/);
}

/** Every image in `selector` has loaded (decoded, non-empty). */
async function imagesLoaded(page: Page, selector: string): Promise<boolean[]> {
  return page.locator(selector).evaluateAll((imgs) =>
    (imgs as HTMLImageElement[]).map((img) => img.complete && img.naturalWidth > 0),
  );
}

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  [resident, officer] = await Promise.all([
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
  ]);
});

afterAll(async () => {
  await Promise.all([resident?.close(), officer?.close()]);
});

describe.sequential('(a) two photos filed offline; live inbox; photos on both sides', () => {
  const description = `e2e ${Date.now()}：3号楼天台有人搭建彩钢板房，附照片两张。`;
  let itemId: string;
  let residentToken: string;
  let jpeg: Buffer;
  const png = makePng(64, 48);

  it('officer: the inbox is open and listening', async () => {
    const { page } = officer;
    await signIn(officer, 'officer');
    await tab(page, '待办').tap();
    await expect.poll(() => h1(page)).toBe('待办');
    await expect.poll(() => page.locator('.screen').getAttribute('data-live'), { timeout: 10_000 }).toBe('open');
    // Marks this document: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  });

  it('resident, offline: attaches two photos; they are made small on the phone; axe finds nothing', async () => {
    const { page, context } = resident;
    await signIn(resident, 'resident');
    await waitForServiceWorkerControl(page);
    residentToken = await apiToken('resident');
    // A 2400×1800 JPEG, stored turned (Orientation 6: shown 1800×2400), taken at a known time and place.
    jpeg = withSegment(
      await makeJpegInPage(page, 2400, 1800),
      exifSegment({
        orientation: 6,
        dateTimeOriginal: '2026:11:20 09:15:00',
        latitude: [[31, 1], [13, 1], [768, 100]],
        latitudeRef: 'N',
        longitude: [[121, 1], [26, 1], [1644, 100]],
        longitudeRef: 'E',
      }),
    );

    await tab(page, '我要反映').tap();
    await expect.poll(() => h1(page)).toBe('我要反映');
    await expect.poll(() => page.getByLabel('问题类别').locator('optgroup').count()).toBeGreaterThan(0);
    await context.setOffline(true);
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);

    await page.getByLabel(/^问题描述/).fill(description);
    // Both inputs are labelled buttons: "拍照" opens the camera, "从相册选择" the gallery.
    expect(await page.getByLabel('拍照').getAttribute('capture')).toBe('environment');
    await page.getByLabel('从相册选择').setInputFiles([
      { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: jpeg },
      { name: 'screenshot.png', mimeType: 'image/png', buffer: png },
    ]);
    await expect.poll(() => page.locator('[data-photo-count]').getAttribute('data-photo-count')).toBe('2');
    expect(await page.locator('[data-photo-status]').textContent()).toBe('已添加 2/9 张');
    await expect.poll(() => imagesLoaded(page, '[data-list="photo-drafts"] img')).toEqual([true, true]);
    // Removing one and adding it again works (the input is cleared after each pick).
    await page.getByRole('button', { name: '删除第 2 张照片' }).tap();
    await expect.poll(() => page.locator('[data-photo-count]').getAttribute('data-photo-count')).toBe('1');
    await page.getByLabel('从相册选择').setInputFiles([{ name: 'screenshot.png', mimeType: 'image/png', buffer: png }]);
    await expect.poll(() => page.locator('[data-photo-count]').getAttribute('data-photo-count')).toBe('2');

    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: `${outDir}file-photos-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '提交', exact: true }).tap();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已保存在本机' }).count()).toBe(1);
    // The form is empty again; the photos went into the outbox with the filing.
    await expect.poll(() => page.locator('[data-photo-count]').getAttribute('data-photo-count')).toBe('0');
  });

  it('the outbox lists it with its two photos; nothing reached the server', async () => {
    const { page } = resident;
    await tab(page, '我的反映').tap();
    await expect.poll(() => h1(page)).toBe('我的反映');
    const queued = page.locator('[data-outbox-state="queued"]');
    await expect.poll(() => queued.count()).toBe(1);
    expect(await queued.textContent()).toContain(description);
    expect(await queued.locator('[data-outbox-photos]').textContent()).toBe('2 张照片');
    await page.screenshot({ path: `${outDir}outbox-photos-360.png`, fullPage: true });
    expect(await itemsWith(residentToken, description)).toEqual([]);
  });

  it('back online: it arrives once, with both photos made small and upright', async () => {
    const { page, context } = resident;
    await context.setOffline(false);
    await expect.poll(() => page.locator('[data-outbox-state]').count(), { timeout: 20_000 }).toBe(0);
    const stored = await itemsWith(residentToken, description);
    expect(stored).toHaveLength(1);
    itemId = stored[0]!.id;

    const photos = await photosOf(residentToken, itemId);
    expect(photos).toHaveLength(2);
    // 2400×1800 turned upright by the phone (1800×2400), then at most 1600 px: 1200×1600. Had the
    // orientation been left in the copied EXIF, the server would have turned it again (1600×1200).
    expect(photos.map((p) => [p.width, p.height])).toEqual([
      [1200, 1600],
      [64, 48],
    ]);
    // Residents get no capture time or position.
    expect(photos.map((p) => [p.capturedAt, p.latitude, p.longitude])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    // Replaying does not file it again.
    await page.reload();
    await expect.poll(() => h1(page)).toBe('我的反映');
    expect(await itemsWith(residentToken, description)).toHaveLength(1);
  });

  it('officer: the new item appears in the open inbox without a reload', async () => {
    const { page } = officer;
    const card = page.locator(`[data-list="inbox"] [data-item-id="${itemId}"]`);
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  it('resident: the item page shows both thumbnails, loaded with HTTP 200', async () => {
    const { page } = resident;
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/photos/')) statuses.push(r.status());
    });
    await page.locator(`[data-list="my-items"] [data-item-id="${itemId}"]`).getByRole('link').tap();
    await expect.poll(() => page.locator(`.screen[data-item-id="${itemId}"] [data-list="photos"] img`).count()).toBe(2);
    await expect.poll(() => imagesLoaded(page, '[data-list="photos"] img')).toEqual([true, true]);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // No evidence fields for the filer.
    expect(await page.locator('[data-photo-captured], [data-photo-position]').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('officer: the item page shows the photos, when and where the JPEG was taken, and the larger copy', async () => {
    const { page } = officer;
    await page.locator(`[data-list="inbox"] [data-item-id="${itemId}"]`).getByRole('link').tap();
    const grid = page.locator(`.screen[data-item-id="${itemId}"] [data-list="photos"]`);
    await expect.poll(() => grid.locator('img').count()).toBe(2);
    await expect.poll(() => imagesLoaded(page, '[data-list="photos"] img')).toEqual([true, true]);

    const first = grid.locator('li').first();
    expect(await first.locator('[data-photo-position]').textContent()).toBe('拍摄位置：31.21880° N, 121.43790° E');
    expect(await first.locator('[data-photo-captured]').textContent()).toMatch(/^拍摄时间：2026年11月20日/);
    expect(await grid.locator('li').nth(1).textContent()).toContain('照片未记录拍摄时间和位置');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    const large = page.waitForResponse((r) => /\/photos\/[^/]+\/display/.test(new URL(r.url()).pathname) || false);
    await page.getByRole('button', { name: '查看第 1 张照片大图' }).tap();
    const dialog = page.getByRole('dialog', { name: '第 1 张照片' });
    await expect.poll(() => dialog.count()).toBe(1);
    await expect.poll(() => imagesLoaded(page, 'dialog img')).toEqual([true]);
    expect(await page.locator('dialog img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([
      1200, 1600,
    ]);
    expect((await large.catch(() => null))?.status() ?? 200).toBe(200);
    expect(await dialog.getByRole('link', { name: '查看原图' }).count()).toBe(1);
    await page.screenshot({ path: `${outDir}item-photo-viewer-360.png` });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '关闭' }).tap();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('查看第 1 张照片大图');
    await page.screenshot({ path: `${outDir}item-photos-officer-360.png`, fullPage: true });
  });
});

describe.sequential('(b) a photo the server refuses', () => {
  it('is named on the form with the server message; the text and photos stay', async () => {
    const { page } = resident;
    await tab(page, '我要反映').tap();
    await expect.poll(() => h1(page)).toBe('我要反映');
    const description = `e2e ${Date.now()}：照片有问题的反映。`;
    await page.getByLabel(/^问题描述/).fill(description);
    // HEIC is sent as it is (the phone cannot decode it); this one is no image at all.
    await page.getByLabel('从相册选择').setInputFiles([
      { name: 'ok.png', mimeType: 'image/png', buffer: makePng(32, 32) },
      { name: 'IMG_0002.heic', mimeType: 'image/heic', buffer: Buffer.from('this is not an image'.repeat(20)) },
    ]);
    await expect.poll(() => page.locator('[data-photo-count]').getAttribute('data-photo-count')).toBe('2');
    await page.getByRole('button', { name: '提交', exact: true }).tap();
    // The item of (a) is open at the same home: the duplicate hint comes first; this is another matter.
    await expect.poll(() => h1(page)).toBe('已有人反映过类似问题');
    await page.getByRole('button', { name: '不是同一件事，继续提交' }).tap();

    const alert = page.getByRole('alert').filter({ hasText: '未能提交' });
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    expect(await h1(page)).toBe('我要反映');
    expect(await alert.textContent()).toContain('有 1 张照片未被接受');
    const second = page.locator('[data-list="photo-drafts"] li[data-photo-index="1"] .field-error');
    await expect.poll(() => second.count()).toBe(1);
    expect(await second.textContent()).toMatch(/^第 2 张照片：.+/);
    expect(await page.locator('[data-list="photo-drafts"] li[data-photo-index="0"] .field-error').count()).toBe(0);
    expect(await page.getByLabel(/^问题描述/).inputValue()).toBe(description);
    expect(await page.locator('[data-outbox-queued]').getAttribute('data-outbox-queued')).toBe('0');
    await page.screenshot({ path: `${outDir}photo-refused-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // Removing the refused photo and sending again works.
    await page.getByRole('button', { name: '删除第 2 张照片' }).tap();
    await page.getByRole('button', { name: '提交', exact: true }).tap();
    await expect.poll(() => h1(page)).toBe('已有人反映过类似问题');
    await page.getByRole('button', { name: '不是同一件事，继续提交' }).tap();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已提交' }).count(), { timeout: 10_000 }).toBe(1);
    const token = await apiToken('resident');
    const [stored] = await itemsWith(token, description);
    expect(stored).toBeTruthy();
    expect(await photosOf(token, stored!.id)).toHaveLength(1);
  });
});

describe.sequential('(c) answering a suggestion; extending a time limit', () => {
  it('an officer answers a suggestion; the resident sees the answer and the adoption', async () => {
    const residentToken = await apiToken('resident');
    const topic = `e2e ${Date.now()} 建议增设电动自行车集中充电点`;
    const filed = await gql<{ fileSuggestion: { item: { id: string } | null; userErrors: unknown[] } }>(
      `mutation F($input: FileSuggestionInput!) { fileSuggestion(input: $input) { item { id } userErrors { message } } }`,
      { input: { idempotencyKey: crypto.randomUUID(), topic, reasons: '楼道里充电有火灾隐患。', measures: '在3号楼旁设充电棚。' } },
      residentToken,
    );
    expect(filed.fileSuggestion.userErrors).toEqual([]);
    const id = filed.fileSuggestion.item!.id;
    // The resident watches the item: it follows the officer's steps without a reload.
    const r = resident.page;
    await r.goto(`/items/${id}`);
    const residentScreen = r.locator(`.screen[data-item-id="${id}"]`);
    await expect.poll(() => residentScreen.getAttribute('data-status')).toBe('SUBMITTED');
    await expect.poll(() => residentScreen.getAttribute('data-live'), { timeout: 10_000 }).toBe('open');
    await r.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    const { page } = officer;
    await page.goto(`/items/${id}`);
    const screen = page.locator(`.screen[data-item-id="${id}"]`);
    await expect.poll(() => screen.getAttribute('data-status')).toBe('SUBMITTED');
    await page.getByRole('button', { name: '受理', exact: true }).tap();
    await expect.poll(() => screen.getAttribute('data-status')).toBe('ACCEPTED');

    // Both fields are required.
    await page.getByRole('button', { name: '发送答复' }).tap();
    await expect.poll(() => page.locator('#a-answer').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('答复意见').fill('已与物业商定，年底前在3号楼旁建成充电棚。');
    await page.getByLabel('部分采纳').check();
    expect(await axeViolations(page)).toEqual([]);
    const answered = graphqlExchange(page, 'AnswerSuggestion');
    await page.getByRole('button', { name: '发送答复' }).tap();
    expect((await answered).body.data.answerSuggestion.userErrors).toEqual([]);
    await expect.poll(() => screen.getAttribute('data-status')).toBe('ANSWERED');

    await expect.poll(() => residentScreen.getAttribute('data-status'), { timeout: 10_000 }).toBe('ANSWERED');
    expect(await r.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(await r.locator('[data-field="answer"]').textContent()).toBe('已与物业商定，年底前在3号楼旁建成充电棚。');
    expect(await r.locator('[data-field="adoption"]').textContent()).toBe('部分采纳');
  });

  it('a supervisor extends an open item’s time limit by working days, with a reason', async () => {
    const residentToken = await apiToken('resident');
    const filed = await gql<{ fileComplaint: { item: { id: string; nextDeadline: string | null } | null } }>(
      `mutation F($input: FileComplaintInput!) { fileComplaint(input: $input) { item { id nextDeadline } userErrors { message } } }`,
      { input: { idempotencyKey: crypto.randomUUID(), description: `e2e ${Date.now()}：需要延期的反映。` } },
      residentToken,
    );
    const id = filed.fileComplaint.item!.id;
    const before = filed.fileComplaint.item!.nextDeadline;
    expect(before).toBeTruthy();

    const supervisor = await launchPhone(baseUrl, { width: WIDTH, height: HEIGHT });
    try {
      const { page } = supervisor;
      await signIn(supervisor, 'supervisor');
      await page.goto(`/items/${id}`);
      await expect.poll(() => page.locator(`.screen[data-item-id="${id}"]`).getAttribute('data-status')).toBe('SUBMITTED');
      await page.getByLabel(/^延长的工作日数/).fill('31');
      await page.getByLabel('延期理由').fill('需协调房管部门联合核查。');
      await page.getByRole('button', { name: '确认延期' }).tap();
      await expect.poll(() => page.getByText('请填写 1 到 30 之间的整数。').count()).toBe(1);
      await page.getByLabel(/^延长的工作日数/).fill('5');
      expect(await axeViolations(page)).toEqual([]);
      const extended = graphqlExchange(page, 'ExtendDeadline');
      await page.getByRole('button', { name: '确认延期' }).tap();
      const { body } = await extended;
      expect(body.data.extendDeadline.userErrors).toEqual([]);
      expect(Date.parse(body.data.extendDeadline.item.nextDeadline)).toBeGreaterThan(Date.parse(before!));
      await expect.poll(() =>
        page.locator('[data-list="timeline"] > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action'))),
      ).toContain('DEADLINE_EXTENDED');
    } finally {
      await supervisor.close();
    }
  });
});
