// Enforcement cases in the browser, against the real server (SPEC §6–§7):
// (a) a resident's mandatory-matter complaint (A3) becomes a case on the officer's phone: evidence
//     (photo, the phone's time and position, through the outbox; then one recorded offline, sent once
//     back online), notice, a fine within the range,
//     service, execution, closing with an outcome the resident then reads on their item;
// (b) the officer asks for an exemption, the supervisor approves it, the officer resolves the item;
// (c) the decision document renders the case's data and prints without the app's chrome.
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
  type Phone,
} from './browser';
import { makeJpegInPage } from './images';

const WIDTH = 360;
const HEIGHT = 740;
const RESIDENT_LOGIN = '13900000001';

let baseUrl: string;
let officer: Phone;
let resident: Phone;
let supervisor: Phone;

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Accept-Language': 'zh-CN',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
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

/** The demo resident files an A3 complaint (a mandatory-case matter); the officer accepts it and starts verifying. */
async function mandatoryComplaintInVerification(description: string): Promise<string> {
  const residentToken = await apiToken(RESIDENT_LOGIN);
  const filed = await gql(
    `mutation FileComplaint($input: FileComplaintInput!) { fileComplaint(input: $input) { item { id status } userErrors { code message } } }`,
    { input: { idempotencyKey: crypto.randomUUID(), matterCode: 'A3', description } },
    residentToken,
  );
  expect(filed.fileComplaint.userErrors).toEqual([]);
  const id: string = filed.fileComplaint.item.id;
  const officerToken = await apiToken('officer');
  const accepted = await gql(
    `mutation AcceptItems($input: AcceptItemsInput!) { acceptItems(input: $input) { items { id status } userErrors { code message } } }`,
    { input: { itemIds: [id] } },
    officerToken,
  );
  expect(accepted.acceptItems.userErrors).toEqual([]);
  const verifying = await gql(
    `mutation StartVerification($input: ItemNoteInput!) { startVerification(input: $input) { item { id status } userErrors { code message } } }`,
    { input: { itemId: id, note: '到现场核查' } },
    officerToken,
  );
  expect(verifying.startVerification.userErrors).toEqual([]);
  expect(verifying.startVerification.item.status).toBe('VERIFYING');
  return id;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });
const stage = (page: Page) => page.locator('.screen[data-case-id]').getAttribute('data-stage');

async function signIn(phone: Phone, login: string) {
  const { page } = phone;
  await page.goto('/');
  await expect.poll(() => h1(page)).toBe('登录共治');
  const { body } = await loginThroughUi(page, login, DEMO_PASSWORD);
  expect(body.data?.login?.userErrors).toEqual([]);
  await expect.poll(() => h1(page)).toMatch(/^你好，/);
}

/** Submits one step's form and waits for the server's answer and the new stage. */
async function step(page: Page, action: string, operationName: string, toStage: string) {
  const form = page.locator(`form[data-action="${action}"]`);
  const exchange = graphqlExchange(page, operationName);
  await form.locator('button[type="submit"]').tap();
  const { body } = await exchange;
  expect(body.errors ?? []).toEqual([]);
  expect(body.data[Object.keys(body.data)[0]!].userErrors).toEqual([]);
  await expect.poll(() => stage(page)).toBe(toStage);
}

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  [officer, resident, supervisor] = await Promise.all([
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
  ]);
  await officer.context.grantPermissions(['geolocation'], { origin: baseUrl });
  await officer.context.setGeolocation({ latitude: 31.2188, longitude: 121.4379, accuracy: 10 });
});

afterAll(async () => {
  await Promise.all([officer?.close(), resident?.close(), supervisor?.close()]);
});

describe.sequential('(a) a mandatory-matter complaint becomes a case and is closed with an outcome', () => {
  const description = `e2e ${Date.now()}：楼上把没有防水的阳台改成了卫生间，我家天花板渗水。`;
  const outcome = '经立案查处，当事人已拆除阳台卫生洁具并恢复防水层，罚款已缴纳。感谢您的反映。';
  let itemId: string;
  let caseId: string;

  it('the officer sees why it must become a case and opens one from the item', async () => {
    itemId = await mandatoryComplaintInVerification(description);
    const { page } = officer;
    await signIn(officer, 'officer');
    expect(await tab(page, '案件').count()).toBe(1);
    expect(await tab(page, '期限').count()).toBe(1);
    await page.goto(`/items/${itemId}`);
    await expect.poll(() => page.locator('[data-field="needs-case"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-field="needs-case"]').textContent()).toMatch(/^本事项属于“应立尽立”事项/);

    // Resolving without a case is refused, and the page says which rule.
    await page.getByLabel('未发现违法行为').check();
    await page.getByLabel('处置说明').fill('试图不立案处置');
    const refused = graphqlExchange(page, 'ResolveItem');
    await page.getByRole('button', { name: '保存处置结果' }).tap();
    const { body: refusal } = await refused;
    expect(refusal.data.resolveItem.userErrors.map((u: { code: string }) => u.code)).toContain('MANDATORY_CASE');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '应立尽立' }).count()).toBeGreaterThan(0);

    const form = page.locator('form[data-action="OPEN_CASE"]');
    expect(await form.locator('[data-field="case-matter"]').textContent()).toContain('A3');
    await form.getByLabel('基本案情').fill('当事人擅自将没有防水要求的阳台改为卫生间，造成楼下渗水。');
    await form.getByLabel('姓名或名称').fill('王某某');
    await form.getByLabel(/^身份证号码/).fill('310105198001011234');
    await form.getByLabel(/^联系电话/).fill('13900000099');
    await page.screenshot({ path: `${outDir}case-open-360.png`, fullPage: true });
    const opened = graphqlExchange(page, 'OpenCase');
    await form.getByRole('button', { name: '立案', exact: true }).tap();
    const { body } = await opened;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.openCase.userErrors).toEqual([]);
    caseId = body.data.openCase.case.id;
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe(`/cases/${caseId}`);
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(body.data.openCase.case.number);
    expect(await stage(page)).toBe('FILED');
    // The whole ID number on the case page.
    expect(await page.locator('[data-field="id-number"]').first().textContent()).toContain('310105198001011234');
  });

  it('investigates and adds evidence with a photo, the phone’s time and position, through the outbox', async () => {
    const { page } = officer;
    await step(page, 'INVESTIGATE', 'InvestigateCase', 'INVESTIGATING');

    await page.locator('summary', { hasText: '添加证据' }).tap();
    await page.getByLabel('证据种类').selectOption('RESTORATION_REPORT');
    await page.getByLabel('证据名称').fill('阳台防水层修复报告');
    await page.getByLabel(/^内容说明/).fill('已拆除卫生洁具，重新做防水并闭水试验合格。');
    const jpeg = await makeJpegInPage(page, 1200, 900);
    await page.getByLabel('拍照').setInputFiles([{ name: 'report.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
    await expect.poll(() => page.getByRole('img', { name: '待添加的照片' }).count()).toBe(1);
    const sent = page.waitForRequest(
      (r) => r.url().endsWith('/graphql') && r.method() === 'POST' && (r.headers()['content-type'] ?? '').startsWith('multipart/form-data'),
    );
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().headers()['content-type'] ?? '').startsWith('multipart/form-data'),
    );
    await page.getByRole('button', { name: '保存证据' }).tap();
    await sent;
    const answer = (await (await answered).json()) as any;
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.data.addCaseEvidence.userErrors).toEqual([]);
    // What the server keeps: the photo, the phone's time and position.
    const held = await gql(
      `query Case($id: ID!) { case(id: $id) { evidence { kind title thumbnailUrl capturedAt latitude longitude } } }`,
      { id: caseId },
      await apiToken('officer'),
    );
    const report = held.case.evidence.find((e: { kind: string }) => e.kind === 'RESTORATION_REPORT');
    expect(report).toMatchObject({ title: '阳台防水层修复报告', latitude: 31.2188, longitude: 121.4379 });
    expect(report.thumbnailUrl).toBeTruthy();
    expect(Math.abs(Date.parse(report.capturedAt) - Date.now())).toBeLessThan(5 * 60_000);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '证据已添加。' }).count()).toBe(1);
    await expect.poll(() => page.locator('[data-list="evidence"] [data-evidence-kind="RESTORATION_REPORT"]').count()).toBe(1);
    const card = page.locator('[data-list="evidence"] [data-evidence-kind="RESTORATION_REPORT"]');
    expect(await card.locator('[data-evidence-captured]').count()).toBe(1);
    expect(await card.locator('img').count()).toBe(1);
    await page.screenshot({ path: `${outDir}case-evidence-360.png`, fullPage: true });
  });

  it('offline on site: the evidence waits on the phone as 待上传 and is sent once, with its key, back online', async () => {
    const { page, context } = officer;
    await context.setOffline(true);
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
    const form = page.locator('form[data-action="ADD_EVIDENCE"]');
    await form.getByLabel('证据种类').selectOption('INQUIRY_NOTE');
    await form.getByLabel('证据名称').fill('询问笔录（王某某）');
    await form.getByLabel(/^内容说明/).fill('当事人承认于 2026 年 10 月将阳台改为卫生间。');
    await form.getByRole('button', { name: '保存证据' }).tap();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '证据已保存在本机' }).count()).toBe(1);
    const pending = page.locator('[data-list="pending-evidence"] [data-outbox-state="queued"]');
    await expect.poll(() => pending.count()).toBe(1);
    expect(await pending.textContent()).toContain('待上传');
    await page.screenshot({ path: `${outDir}case-evidence-offline-360.png`, fullPage: true });

    await context.setOffline(false);
    await expect.poll(() => page.locator('[data-list="pending-evidence"]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-list="evidence"] [data-evidence-kind="INQUIRY_NOTE"]').count(), { timeout: 10_000 }).toBe(1);
    // Page and service worker may both have tried: the key made it one item.
    const held = await gql(`query Case($id: ID!) { case(id: $id) { evidence { kind } } }`, { id: caseId }, await apiToken('officer'));
    expect(held.case.evidence.filter((e: { kind: string }) => e.kind === 'INQUIRY_NOTE')).toHaveLength(1);
  });

  it('notifies a proposed fine, decides it within the range, serves, executes and closes with an outcome', async () => {
    const { page } = officer;
    const notify = page.locator('form[data-action="NOTIFY"]');
    expect(await notify.locator('[data-fine-range]').textContent()).toContain('500–10,000 元');
    await notify.getByLabel('罚款', { exact: true }).check();
    await notify.getByLabel('罚款金额（元）').fill('1000');
    await step(page, 'NOTIFY', 'NotifyCase', 'NOTIFIED');
    expect(await page.locator('[data-field="proposed"]').textContent()).toBe('罚款 · 1,000 元');

    const decide = page.locator('form[data-action="DECIDE"]');
    expect(await decide.getByLabel('罚款金额（元）').inputValue()).toBe('1000');
    // Inside the 5 working days after the notice: only with the party's written waiver.
    await decide.getByLabel('当事人已书面放弃陈述、申辩和听证').check();
    await step(page, 'DECIDE', 'DecideCase', 'DECIDED');
    expect(await page.locator('[data-field="decision"]').textContent()).toBe('罚款 · 1,000 元');

    await page.locator('form[data-action="SERVE"]').getByLabel('直接送达（当面交付）').check();
    await step(page, 'SERVE', 'ServeCase', 'SERVED');
    await step(page, 'EXECUTE', 'ExecuteCase', 'EXECUTED');

    await page.locator('form[data-action="CLOSE"]').getByLabel(/^办理结果/).fill(outcome);
    await step(page, 'CLOSE', 'CloseCase', 'CLOSED');
    expect(await page.locator('[data-list="chronology"] li').count()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: `${outDir}case-closed-360.png`, fullPage: true });
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the case list shows it; the resident sees the outcome on their item', async () => {
    const { page } = officer;
    await tab(page, '案件').tap();
    await expect.poll(() => h1(page)).toBe('案件');
    // The server's default list holds the open cases; the 已结案 chip shows the closed ones.
    await page.getByRole('button', { name: '已结案' }).tap();
    await expect.poll(() => page.locator(`[data-case-id="${caseId}"]`).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(`[data-case-id="${caseId}"] [data-stage]`).textContent()).toBe('已结案');
    expect(await axeViolations(page)).toEqual([]);

    await signIn(resident, RESIDENT_LOGIN);
    await resident.page.goto(`/items/${itemId}`);
    await expect.poll(() => resident.page.locator('[data-field="reply"]').textContent(), { timeout: 10_000 }).toContain(outcome);
    await resident.page.screenshot({ path: `${outDir}case-outcome-resident-360.png`, fullPage: true });
  });

  it('(c) the decision document renders the case and prints without navigation', async () => {
    const { page } = officer;
    await page.goto(`/cases/${caseId}`);
    await expect.poll(() => stage(page), { timeout: 10_000 }).toBe('CLOSED');
    await page.getByRole('link', { name: '行政处罚决定书' }).tap();
    await expect.poll(() => h1(page)).toBe('行政处罚决定书');
    const doc = page.locator('[data-document="decision"]');
    await expect.poll(() => doc.count(), { timeout: 10_000 }).toBe(1);
    expect(await doc.locator('[data-field="decision"]').textContent()).toBe('罚款人民币1,000元。');
    expect(await doc.textContent()).toContain('王某某');
    expect(await doc.textContent()).toContain('310105198001011234');
    expect(await doc.textContent()).toContain('阳台防水层修复报告');
    expect(await doc.textContent()).toContain('六十日内依法申请行政复议');
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(true);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').first().isVisible()).toBe(false);
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await doc.isVisible()).toBe(true);
    const colours = await doc.evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.color, s.backgroundColor];
    });
    expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    await page.pdf?.({ path: `${outDir}decision.pdf`, format: 'A4' }).catch(() => undefined);
    await page.screenshot({ path: `${outDir}decision-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });
});

describe.sequential('(b) the supervisor approves an exemption the officer asked for; then the item can be resolved', () => {
  const description = `e2e ${Date.now()}：怀疑楼上阳台改卫生间（豁免）。`;
  let itemId: string;

  it('the officer asks for an exemption with the on-site record', async () => {
    itemId = await mandatoryComplaintInVerification(description);
    const { page } = officer;
    await page.goto(`/items/${itemId}`);
    await expect.poll(() => page.locator('[data-field="needs-case"]').count(), { timeout: 10_000 }).toBe(1);
    await page.locator('summary', { hasText: '申请豁免' }).tap();
    const form = page.locator('form[data-action="EXEMPTION"]');
    await form.getByLabel('理由').fill('现场核查未发现改建，阳台仍为原状。');
    await form.getByLabel('现场核查记录').fill('2026-11-27 上午现场检查：阳台无卫生洁具、无管线改动。');
    const asked = graphqlExchange(page, 'RequestApproval');
    await form.getByRole('button', { name: '提交申请' }).tap();
    const { body } = await asked;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.requestApproval.userErrors).toEqual([]);
    await expect.poll(() => page.locator('[data-field="exemption"]').getAttribute('data-status'), { timeout: 10_000 }).toBe('PENDING');
  });

  it('the supervisor approves it from 审批', async () => {
    const { page } = supervisor;
    await signIn(supervisor, 'supervisor');
    await tab(page, '审批').tap();
    await expect.poll(() => h1(page)).toBe('审批');
    const card = page.locator('[data-approval-kind="EXEMPTION"]').filter({ has: page.locator(`a[href="/items/${itemId}"]`) });
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${outDir}approvals-360.png`, fullPage: true });
    await card.getByLabel(/^审批意见/).fill('同意豁免');
    const decided = graphqlExchange(page, 'DecideApproval');
    await card.getByRole('button', { name: '批准' }).tap();
    const { body } = await decided;
    expect(body.data.decideApproval.userErrors).toEqual([]);
    await expect.poll(() => card.getAttribute('data-status')).toBe('APPROVED');
  });

  it('the officer can now resolve the item without a case', async () => {
    const { page } = officer;
    await page.goto(`/items/${itemId}`);
    await expect.poll(() => page.locator('[data-field="exemption"]').getAttribute('data-status'), { timeout: 10_000 }).toBe('APPROVED');
    expect(await page.locator('[data-field="needs-case"]').count()).toBe(0);
    await page.getByLabel('未发现违法行为').check();
    await page.getByLabel('处置说明').fill('经批准豁免立案：现场未发现违法行为。');
    const resolved = graphqlExchange(page, 'ResolveItem');
    await page.getByRole('button', { name: '保存处置结果' }).tap();
    const { body } = await resolved;
    expect(body.data.resolveItem.userErrors).toEqual([]);
    await expect.poll(() => page.locator('.screen[data-item-id]').getAttribute('data-status')).toBe('RESOLVED');
  });
});
