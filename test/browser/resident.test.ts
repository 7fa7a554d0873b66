/**
 * The resident's path in Debian's Chromium at 360×640 against the local preview (the built script in the sandbox):
 * fill by accessible names, submit, see the code, find the row in .local/spreadsheet.xlsx and the email in the
 * outbox; offline and lost-response retries make exactly one row; no serious or critical axe violations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { HUMAN_DELAY_MS, axeProblems, browserTest, startRig, type BrowserRig } from './helpers';

jest.setTimeout(120_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

async function openForm(loc = 'KDC01'): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=${loc}`);
  return page;
}

async function fillOpinion(page: Page, content: string): Promise<void> {
  await page.getByLabel('Phản ánh', { exact: true }).check();
  await page.getByLabel('Lĩnh vực').selectOption('Vệ sinh môi trường');
  await page.getByLabel('Nội dung').fill(content);
}

async function rowsOfXlsx(): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(rig.dir, 'spreadsheet.xlsx'));
  const ws = wb.getWorksheet('Góp ý')!;
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

function rowsInSandbox(): unknown[][] {
  const sheet = rig.preview.sandbox.world.sheets.bound()!.getSheetByName('Góp ý')!;
  return sheet.getDataRange().getValues().slice(1);
}

browserTest('a resident sends an opinion and gets a tracking code; it lands in the spreadsheet and the outbox', async () => {
  const page = await openForm();
  await page.getByText('Nhà văn hóa khu dân cư số 1').first().waitFor();
  await fillOpinion(page, 'Đèn đường đầu ngõ 12 bị hỏng đã một tuần, buổi tối rất tối và nguy hiểm.');
  await page.getByLabel('Họ tên').fill('Nguyễn Thị Hoa');
  await page.getByLabel('Số điện thoại').fill('0912 345 678');
  await page.getByLabel(/Tôi đồng ý/).check();
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  const code = (await page.locator('#done-code').textContent())!.trim();
  expect(code).toMatch(/^HB-[2-9A-HJKMNP-Z]{7}$/);

  await rig.preview.persister.idle();
  const rows = await rowsOfXlsx();
  const row = rows.find((r) => r[0] === code);
  expect(row).toBeDefined();
  expect(row![9]).toBe('0912345678');
  const outbox = path.join(rig.dir, 'outbox');
  const emls = readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8'));
  expect(emls.some((m) => m.includes(code))).toBe(true);
  expect(await axeProblems(page)).toEqual([]);
  await page.context().close();
});

browserTest('offline at submit: the draft stays, and the retry when the connection returns makes exactly one row', async () => {
  const page = await openForm('KDC02');
  const content = `Cống thoát nước ngõ 3 bị tắc, mùi hôi nặng (thử mất mạng ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  expect(await page.getByLabel('Nội dung').inputValue()).toBe(content);
  await page.context().setOffline(false);
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 60_000 });
  const code = (await page.locator('#done-code').textContent())!.trim();
  expect(rowsInSandbox().filter((r) => r[0] === code)).toHaveLength(1);
  expect(rowsInSandbox().filter((r) => String(r[7]) === content)).toHaveLength(1);
  await page.context().close();
});

browserTest(
  'a lost response (the server wrote the row, the phone never heard back): the retry returns the same code, one row',
  async () => {
    const page = await openForm('KDC03');
    const content = `Xe tải chở vật liệu làm rơi đất cát trên đường (thử mất phản hồi ${Date.now()}).`;
    await fillOpinion(page, content);
    await page.waitForTimeout(HUMAN_DELAY_MS);
    let first = true;
    await page.route('**/__rpc/submitFeedback', async (route) => {
      if (!first) return route.continue();
      first = false;
      await route.fetch(); // the server runs and writes the row…
      await route.abort('connectionreset'); // …but the answer is lost on the way back
    });
    await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await page.locator('#retry-box:not([hidden])').waitFor();
    expect(rowsInSandbox().filter((r) => String(r[7]) === content)).toHaveLength(1);
    await page.getByRole('button', { name: 'Gửi lại', exact: true }).click();
    await page.locator('#view-done:not([hidden])').waitFor();
    const code = (await page.locator('#done-code').textContent())!.trim();
    const mine = rowsInSandbox().filter((r) => String(r[7]) === content);
    expect(mine).toHaveLength(1);
    expect(mine[0][0]).toBe(code);
    await page.context().close();
  },
);

browserTest('bad input gets Vietnamese messages next to the fields and nothing typed is lost', async () => {
  const page = await openForm();
  await page.getByLabel('Nội dung').fill('ngắn');
  await page.getByLabel('Số điện thoại').fill('12345');
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await expect(page.locator('#err-content').textContent()).resolves.toMatch(/ký tự/);
  await expect(page.locator('#err-phone').textContent()).resolves.toMatch(/điện thoại/i);
  expect(await page.getByLabel('Nội dung').inputValue()).toBe('ngắn');
  expect(await page.getByLabel('Số điện thoại').inputValue()).toBe('12345');
  expect(await axeProblems(page)).toEqual([]);
  await page.context().close();
});

browserTest('the lookup view shows the status of a code, and the privacy view reads well', async () => {
  const sb = rig.preview.sandbox;
  const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [
    {
      requestId: `browser-lookup-${Date.now()}`,
      location: 'KDC01',
      category: 'Trật tự đô thị',
      kind: 'Kiến nghị',
      content: 'Đề nghị lắp thêm biển báo giảm tốc độ trước cổng trường tiểu học.',
      consent: false,
      website: '',
      elapsedMs: 30000,
    },
  ]).value;
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?track=${trackingCode}`);
  await page.locator('#track-found').waitFor();
  await expect(page.locator('#track-found').textContent()).resolves.toContain('Mới');
  expect(await axeProblems(page)).toEqual([]);
  await page.goto(`${rig.preview.url}/?view=privacy`);
  await page.locator('#view-privacy:not([hidden])').waitFor();
  expect(await axeProblems(page)).toEqual([]);
  await context.close();
});

browserTest('the draft survives a reload; contact details older than a day do not', async () => {
  const page = await openForm('KDC01');
  await fillOpinion(page, 'Vỉa hè trước chợ bị lấn chiếm để bán hàng, người đi bộ phải xuống lòng đường.');
  await page.getByLabel('Họ tên').fill('Phạm Văn Đức');
  await page.waitForTimeout(1500); // the draft is saved shortly after typing
  await page.reload();
  expect(await page.getByLabel('Nội dung').inputValue()).toMatch(/^Vỉa hè trước chợ/);
  expect(await page.getByLabel('Họ tên').inputValue()).toBe('Phạm Văn Đức');
  // The same draft, as if saved two days ago (a shared phone at the ward office). Set before the page's own script
  // runs: the page saves its draft again when it is left, so changing it from the open page would be undone.
  const draftUrl = page.url();
  await page.goto('about:blank');
  await page.context().addInitScript(`(() => {
    const raw = localStorage.getItem('homthu.draft.v1');
    if (!raw) return;
    const d = JSON.parse(raw);
    d.savedAt = Date.now() - 2 * 24 * 3600 * 1000;
    localStorage.setItem('homthu.draft.v1', JSON.stringify(d));
  })()`);
  await page.goto(draftUrl);
  expect(await page.getByLabel('Nội dung').inputValue()).toMatch(/^Vỉa hè trước chợ/);
  expect(await page.getByLabel('Họ tên').inputValue()).toBe('');
  await page.context().close();
});

browserTest('an edit after a lost response is not swallowed: it goes in as a new opinion', async () => {
  const page = await openForm('KDC02');
  const first = `Nắp cống trước số nhà 15 bị vỡ (bản đầu ${Date.now()}).`;
  await fillOpinion(page, first);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  let lose = true;
  await page.route('**/__rpc/submitFeedback', async (route) => {
    if (!lose) return route.continue();
    lose = false;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  const edited = `${first} Bổ sung: nắp cống đã gây tai nạn cho một cháu bé.`;
  await page.getByLabel('Nội dung').fill(edited);
  await page.getByRole('button', { name: 'Gửi lại', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  const code = (await page.locator('#done-code').textContent())!.trim();
  const rows = rowsInSandbox();
  expect(rows.filter((r) => String(r[7]) === edited).map((r) => r[0])).toEqual([code]);
  expect(rows.filter((r) => String(r[7]) === first)).toHaveLength(1);
  await page.context().close();
});
