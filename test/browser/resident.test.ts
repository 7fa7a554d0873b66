/**
 * The resident's path in Debian's Chromium at 360×640 against the local preview (the built script in the sandbox):
 * fill by accessible names, submit, see the code, find the row in .local/spreadsheet.xlsx and the email in the
 * outbox; offline and lost-response retries make exactly one row; no serious or critical axe violations.
 * Also: the progress bar while sending, warnings on the done view, and a poster's place the server refuses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page, Request } from 'playwright-core';
import { newRequestId, withWork } from '../../sandbox/challenge';
import { pngImage } from './images';
import { leadingZeroBits, sha256Utf8 } from '../../src/shared/sha256';
import type { ChallengeOffer } from '../../src/shared/types';
import {
  HUMAN_DELAY_MS,
  alterFirstPayload,
  axeProblems,
  browserTest,
  dropFirstSend,
  fillOpinion,
  loseFirstAnswer,
  openForm as openFormOf,
  openFormWithoutStorage,
  startRig,
  type BrowserRig,
} from './helpers';

jest.setTimeout(120_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

const openForm = (loc = 'KDC01'): Promise<Page> => openFormOf(rig, loc);

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
  const sheet = rig.preview.sandbox.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
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

browserTest('offline at submit where the phone keeps nothing: the message says the text stays on this page only', async () => {
  const page = await openFormWithoutStorage(rig, 'KDC02');
  const context = page.context();
  const content = `Rác ứ đọng ở chân cầu thang khu tập thể (thử không lưu được ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  const msg = (await page.locator('#retry-msg').textContent())!;
  expect(msg).toContain('Nội dung bạn nhập vẫn còn trên trang này; xin đừng đóng trang.');
  expect(msg).not.toContain('giữ nguyên trên máy');
  expect(await page.getByLabel('Nội dung').inputValue()).toBe(content);
  await context.setOffline(false);
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 60_000 });
  await context.close();
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
    withWork(sb, {
      requestId: newRequestId(),
      location: 'KDC01',
      category: 'Trật tự đô thị',
      kind: 'Kiến nghị',
      content: 'Đề nghị lắp thêm biển báo giảm tốc độ trước cổng trường tiểu học.',
      consent: false,
      website: '',
      elapsedMs: 30000,
    }),
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

/**
 * The first send reaches the server but its answer is lost; `meanwhile` happens (nothing, or a reload), then the
 * resident adds `addition` and sends again with `button`. The corrected text is stored under the code the page
 * shows, and the first one stays once.
 */
async function correctAfterLostAnswer(first: string, addition: string, button: string, meanwhile: (page: Page) => Promise<void>) {
  const page = await openForm('KDC02');
  await fillOpinion(page, first);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await loseFirstAnswer(page);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  await meanwhile(page);
  const edited = `${first} ${addition}`;
  await page.getByLabel('Nội dung').fill(edited);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  const code = (await page.locator('#done-code').textContent())!.trim();
  const rows = rowsInSandbox();
  expect(rows.filter((r) => String(r[7]) === edited).map((r) => r[0])).toEqual([code]);
  expect(rows.filter((r) => String(r[7]) === first)).toHaveLength(1);
  await page.context().close();
}

browserTest('an edit after a lost response is not swallowed: it goes in as a new opinion', async () => {
  await correctAfterLostAnswer(
    `Nắp cống trước số nhà 15 bị vỡ (bản đầu ${Date.now()}).`,
    'Bổ sung: nắp cống đã gây tai nạn cho một cháu bé.',
    'Gửi lại',
    async () => undefined,
  );
});

browserTest('after the answer was lost and the page reloaded, a corrected opinion is not taken for the one already sent', async () => {
  const first = `Cây đổ chắn lối vào ngõ 3 (bản đầu ${Date.now()}).`;
  // Zalo closed and opened again: the draft comes back, and the resident corrects it.
  await correctAfterLostAnswer(first, 'Sửa lại: là ngõ 5, không phải ngõ 3.', 'Gửi ý kiến', async (page) => {
    await page.reload();
    await expect(page.getByLabel('Nội dung').inputValue()).resolves.toBe(first);
  });
});

browserTest('a browser that always says it is offline still sends again by itself after a failed send', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  // Some in-app browsers report navigator.onLine === false while the network works.
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false }));
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC03`);
  const content = `Biển báo giao thông ngã tư bị đổ (thử báo mất mạng sai ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await dropFirstSend(page);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  // No "online" event ever comes: the timed retry sends it.
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 20_000 });
  const code = (await page.locator('#done-code').textContent())!.trim();
  expect(
    rowsInSandbox()
      .filter((r) => String(r[7]) === content)
      .map((r) => r[0]),
  ).toEqual([code]);
  await context.close();
});

browserTest('the same QR page open in two tabs: each tab sends its own opinion, with its own code', async () => {
  const tabA = await openForm('KDC01');
  const first = `Ổ gà lớn trước cổng chợ (tab một ${Date.now()}).`;
  await fillOpinion(tabA, first);
  await tabA.waitForTimeout(1500); // the draft is saved shortly after typing
  // A second tab of the same browser restores that draft; the resident writes another opinion over it.
  const tabB = await tabA.context().newPage();
  await tabB.goto(tabA.url());
  await expect(tabB.getByLabel('Nội dung').inputValue()).resolves.toBe(first);
  const second = `Đèn công viên tắt cả tuần (tab hai ${Date.now()}).`;
  await tabB.getByLabel('Nội dung').fill(second);
  await tabB.waitForTimeout(HUMAN_DELAY_MS);
  const codes: string[] = [];
  for (const tab of [tabA, tabB]) {
    await tab.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await tab.locator('#view-done:not([hidden])').waitFor();
    codes.push((await tab.locator('#done-code').textContent())!.trim());
  }
  expect(codes[0]).not.toBe(codes[1]);
  const rows = rowsInSandbox();
  expect(rows.filter((r) => String(r[7]) === first).map((r) => r[0])).toEqual([codes[0]]);
  expect(rows.filter((r) => String(r[7]) === second).map((r) => r[0])).toEqual([codes[1]]);
  await tabA.context().close();
});

browserTest('the browser killed while sending: the page opened again sends the same opinion once, under its code', async () => {
  const page = await openForm('KDC02');
  const content = `Nước tràn từ công trình xuống ngõ 9 (thử tắt trình duyệt ${Date.now()}).`;
  await fillOpinion(page, content);
  // With a photo: a draft never keeps photos, and the opinion sent again without it is still the same one.
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([{ name: 'cong-trinh.png', mimeType: 'image/png', buffer: pngImage() }]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(HUMAN_DELAY_MS);
  // The phone's storage as it is while the opinion is on its way: a killed browser saves nothing more.
  let stored = '';
  await page.route('**/__rpc/submitFeedback', async (route) => {
    stored = (await page.evaluate(() => localStorage.getItem('homthu.draft.v1'))) ?? '';
    await route.fetch(); // the server writes the row…
    await route.abort('connectionreset'); // …and the phone never hears back
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  expect(stored).toContain(content);
  const url = page.url();
  await page.context().close();

  /** The page opened again on that phone: sent as it was, or with `addition`; returns the code it shows. */
  const reopenAndSend = async (addition: string): Promise<string> => {
    const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    await context.addInitScript(`localStorage.setItem('homthu.draft.v1', ${JSON.stringify(stored)})`);
    const again = await context.newPage();
    await again.goto(url);
    await expect(again.getByLabel('Nội dung').inputValue()).resolves.toBe(content);
    if (addition) await again.getByLabel('Nội dung').fill(`${content} ${addition}`);
    await again.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await again.locator('#view-done:not([hidden])').waitFor();
    const code = (await again.locator('#done-code').textContent())!.trim();
    await context.close();
    return code;
  };
  // As it was: the row already made, once, and its code.
  const code = await reopenAndSend('');
  expect(
    rowsInSandbox()
      .filter((r) => String(r[7]) === content)
      .map((r) => r[0]),
  ).toEqual([code]);
  // With a sentence added: a new opinion under the code the page shows, never swallowed by the first one.
  const edited = await reopenAndSend('Bổ sung: nước đã ngập vào nhà số 4.');
  expect(edited).not.toBe(code);
  const rows = rowsInSandbox();
  expect(rows.filter((r) => String(r[7]) === `${content} Bổ sung: nước đã ngập vào nhà số 4.`).map((r) => r[0])).toEqual([edited]);
  expect(rows.filter((r) => String(r[7]) === content)).toHaveLength(1);
});

browserTest('while the opinion is on its way the fields are locked, and open again with every word when it did not arrive', async () => {
  const page = await openForm('KDC01');
  const content = `Rác thải đổ trộm ở bãi đất trống cuối ngõ 12 (thử khóa ô khi gửi ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.getByLabel('Họ tên').fill('Nguyễn Thị Hoa');
  await page.getByLabel(/^Tôi đồng ý/).check();
  await page.waitForTimeout(HUMAN_DELAY_MS);
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/__rpc/submitFeedback', async (route) => {
    await held; // a slow upload that then fails
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.getByRole('button', { name: 'Đang gửi…' }).first().waitFor();
  // Words typed now would be neither in this send nor kept after it: the fields wait for the answer.
  for (const label of ['Nội dung', 'Họ tên', 'Lĩnh vực', 'Góp ý', 'Địa chỉ']) {
    await expect(page.getByLabel(label, { exact: true }).isDisabled()).resolves.toBe(true);
  }
  release();
  await page.locator('#retry-box:not([hidden])').waitFor();
  await expect(page.getByLabel('Nội dung').isEditable()).resolves.toBe(true);
  await expect(page.getByLabel('Nội dung').inputValue()).resolves.toBe(content);
  await expect(page.getByLabel('Họ tên').inputValue()).resolves.toBe('Nguyễn Thị Hoa');
  await page.context().close();
});

browserTest('while the opinion is on its way an indeterminate, labelled progress bar shows; it goes when done', async () => {
  const page = await openForm('KDC01');
  await fillOpinion(page, `Đèn chiếu sáng sân chơi khu tập thể bị tắt cả tuần nay (thử thanh tiến độ ${Date.now()}).`);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  const bar = page.getByRole('progressbar', { name: 'Tiến độ gửi ý kiến' });
  await expect(bar.count()).resolves.toBe(0);
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/__rpc/submitFeedback', async (route) => {
    await held; // a slow upload
    await route.continue();
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await bar.waitFor();
  // No value: the bar moves on its own (google.script.run reports no upload progress).
  await expect(bar.evaluate((b) => (b as HTMLProgressElement).position)).resolves.toBe(-1);
  expect(await axeProblems(page)).toEqual([]);
  // No photo can be picked into a send already on its way.
  await expect(page.getByLabel('Chụp hoặc chọn ảnh').isDisabled()).resolves.toBe(true);
  release();
  await page.locator('#view-done:not([hidden])').waitFor();
  await expect(page.locator('#send-progress').evaluate((b) => (b as HTMLProgressElement).hidden)).resolves.toBe(true);
  await page.context().close();
});

browserTest('warnings from the server are shown under the code as plain text, and are gone after the next send', async () => {
  const page = await openForm('KDC02');
  await fillOpinion(page, 'Nước sinh hoạt có mùi lạ từ sáng nay ở dãy nhà số 4, khu tập thể.');
  await page.waitForTimeout(HUMAN_DELAY_MS);
  const hostile = '<img src=x onerror="window.__xss=1">Ảnh 1 quá lớn (tối đa 300 KB) nên không được lưu.';
  let fake = true;
  await page.route('**/__rpc/submitFeedback', async (route) => {
    if (!fake) return route.continue();
    fake = false;
    const value = {
      ok: true,
      trackingCode: 'HB-ABCDEFG',
      warnings: [
        { field: 'photos', message: hostile },
        { message: 'Ảnh 3 bị hỏng hoặc bị cắt dở nên không được lưu.' },
        null,
        { message: 7 },
      ],
    };
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  await expect(page.locator('#done-code').textContent()).resolves.toBe('HB-ABCDEFG');
  const notice = page.getByRole('status').filter({ hasText: 'Ảnh 3 bị hỏng' });
  await expect(notice.isVisible()).resolves.toBe(true);
  await expect(notice.locator('p').allTextContents()).resolves.toEqual([hostile, 'Ảnh 3 bị hỏng hoặc bị cắt dở nên không được lưu.']);
  await expect(notice.locator('img').count()).resolves.toBe(0);
  expect(await page.evaluate('window.__xss')).toBeUndefined();
  expect(await axeProblems(page)).toEqual([]);

  await page.getByRole('button', { name: 'Gửi ý kiến khác' }).click();
  await fillOpinion(page, 'Đề nghị sửa lại lan can cầu thang khu tập thể, nhiều chỗ đã gỉ sét.');
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  await expect(page.locator('#done-code').textContent()).resolves.not.toBe('HB-ABCDEFG');
  await expect(page.locator('#done-warnings').isHidden()).resolves.toBe(true);
  await page.context().close();
});

browserTest("the server refuses the poster's place: the list of places opens, the message is beside it, focus is on it", async () => {
  const page = await openForm('KDC01');
  await expect(page.locator('#location-field').isHidden()).resolves.toBe(true);
  const content = `Mương thoát nước sau nhà văn hóa bị lấp (thử địa điểm bị từ chối ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  // As if the place had been closed after the page was opened: the real server refuses it.
  await alterFirstPayload(page, (p) => {
    p.location = 'DA-DONG';
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  const err = page.locator('#err-location');
  await err.waitFor();
  await expect(err.textContent()).resolves.toMatch(/chọn nơi/);
  const select = page.getByLabel('Địa điểm');
  await expect(select.isVisible()).resolves.toBe(true);
  await expect(select.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
  await expect(page.locator('#location-line').isHidden()).resolves.toBe(true);
  // The refused place is not offered again.
  const offered = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).not.toContain('KDC01');
  expect(offered.length).toBeGreaterThan(1);
  await select.selectOption(offered[1]);
  await expect(err.isHidden()).resolves.toBe(true);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  const code = (await page.locator('#done-code').textContent())!.trim();
  const mine = rowsInSandbox().filter((r) => String(r[7]) === content);
  expect(mine.map((r) => [r[0], r[3]])).toEqual([[code, offered[1]]]);
  await page.context().close();
});

browserTest('with no other place to pick, the refusal of a hidden place still shows above the button and gets focus', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  const page = await context.newPage();
  // A ward with a single place: the page has nothing else to offer.
  await page.route(/\/\?loc=KDC01$/, async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace(
      /(<script type="application\/json" id="boot">)([\s\S]*?)(<\/script>)/,
      (_m, open: string, json: string, close: string) => {
        const boot = JSON.parse(json) as { location: unknown; locations: unknown[] };
        boot.locations = [boot.location];
        return open + JSON.stringify(boot).replace(/</g, '\\u003c') + close;
      },
    );
    await route.fulfill({ response: res, body: html });
  });
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await fillOpinion(page, 'Loa phát thanh của tổ dân phố phát quá to vào sáng sớm, xin điều chỉnh.');
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await alterFirstPayload(page, (p) => {
    p.location = 'DA-DONG';
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  const formError = page.locator('#form-error');
  await formError.waitFor();
  await expect(formError.textContent()).resolves.toMatch(/chọn nơi/);
  await expect(formError.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
  await expect(page.locator('#location-field').isHidden()).resolves.toBe(true);
  await context.close();
});

/** The payloads the page sends to submitFeedback, as they leave it. */
function sentPayloads(page: Page): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  page.on('request', (r: Request) => {
    if (!r.url().endsWith('/__rpc/submitFeedback')) return;
    const body = JSON.parse(r.postData() || '{}') as { args: Record<string, unknown>[] };
    sent.push(body.args[0]);
  });
  return sent;
}

async function bootChallengeOf(page: Page): Promise<ChallengeOffer> {
  const boot = JSON.parse((await page.locator('#boot').textContent()) || '{}') as { challenge: ChallengeOffer };
  return boot.challenge;
}

function workBits(p: Record<string, unknown>): number {
  return leadingZeroBits(sha256Utf8(`${String(p.token)}:${String(p.requestId)}:${String(p.nonce)}`));
}

browserTest('the page solves its boot challenge in a Worker while the resident types; the send carries the work', async () => {
  const page = await openForm();
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  const sent = sentPayloads(page);
  const boot = await bootChallengeOf(page);
  // 14 bits on a calm box; more once the suite's earlier opinions count as a busy minute.
  expect(boot.bits).toBeGreaterThanOrEqual(14);
  await fillOpinion(page, `Rác để ngoài điểm tập kết ven kênh, bốc mùi buổi chiều (thử bước kiểm tra ${Date.now()}).`);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  expect(workers.some((u) => u.startsWith('blob:'))).toBe(true);
  expect(sent).toHaveLength(1);
  expect(sent[0].token).toBe(boot.token);
  expect(sent[0].requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(workBits(sent[0])).toBeGreaterThanOrEqual(boot.bits);

  // A second opinion from the same page goes out on the challenge the first answer brought: no refusal round.
  await page.getByRole('button', { name: 'Gửi ý kiến khác' }).click();
  await fillOpinion(page, `Vỉa hè trước chợ bị lấn chiếm, người đi bộ phải xuống lòng đường (${Date.now()}).`);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  expect(sent).toHaveLength(2);
  expect(sent[1].token).not.toBe(boot.token);
  expect(sent[1].requestId).not.toBe(sent[0].requestId);
  expect(workBits(sent[1])).toBeGreaterThanOrEqual(Number(String(sent[1].token).split('.')[2]));
  await page.context().close();
});

browserTest('a forged token is refused with a fresh challenge: the page solves it and sends again by itself, one row', async () => {
  const page = await openForm('KDC02');
  const sent = sentPayloads(page);
  const content = `Cây xanh nghiêng sắp đổ trước trường mầm non (thử mã kiểm tra bị sửa ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await alterFirstPayload(page, (p) => {
    const t = String(p.token);
    p.token = t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  const code = (await page.locator('#done-code').textContent())!.trim();
  // The resend: the same request, new work for the server's new challenge (valid at once).
  expect(sent).toHaveLength(2);
  expect(sent[1].requestId).toBe(sent[0].requestId);
  expect(sent[1].content).toBe(content);
  expect(String(sent[1].token).split('.')[3]).toBe('r');
  expect(workBits(sent[1])).toBeGreaterThanOrEqual(Number(String(sent[1].token).split('.')[2]));
  const mine = rowsInSandbox().filter((r) => String(r[7]) === content);
  expect(mine).toHaveLength(1);
  expect(mine[0][0]).toBe(code);
  await page.context().close();
});

browserTest('where the browser refuses Workers the page solves on its main thread and still sends', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'Worker', { value: undefined, configurable: true });
  });
  const page = await context.newPage();
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${rig.preview.url}/?loc=KDC03`);
  const sent = sentPayloads(page);
  const content = `Đèn tín hiệu giao thông ở ngã tư bị tắt từ tối qua (thử không có Worker ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  expect(workers).toEqual([]);
  expect(sent).toHaveLength(1);
  expect(workBits(sent[0])).toBeGreaterThanOrEqual(14);
  expect(rowsInSandbox().filter((r) => String(r[7]) === content)).toHaveLength(1);
  await context.close();
});
