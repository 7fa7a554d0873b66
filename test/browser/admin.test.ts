/**
 * The owner's admin page in Debian's Chromium at laptop size against the local preview (the built script in the
 * sandbox, the admin web app signed in as the owner): every owner action has its button, a question is answered in
 * the page and reaches the action, results are text with links to the local copies that open in a new tab, a
 * refusal is said plainly, and nothing the server returns is read as HTML.
 */
import type { Page } from 'playwright-core';
import { COLUMNS } from '../../src/core/records/feedback-record';
import { axeProblems, browserTest, openAdmin, startRig, type BrowserRig } from './helpers';
import { newRequestId, withWork } from '../../sandbox/challenge';

jest.setTimeout(120_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

const result = (page: Page) => page.locator('#result:not([hidden]):not(.running)');

browserTest('every owner action has its button; the page has no serious accessibility problem', async () => {
  const page = await openAdmin(rig);
  for (const name of [
    'Cài đặt / sửa chữa hòm thư',
    'Kiểm tra nền tảng',
    'Nhận bàn giao hòm thư',
    'Tạo poster QR',
    'Tạo lại toàn bộ poster',
    'Cấp mã cho ý kiến nhập tay',
    'Lập báo cáo tổng hợp',
    'In kết quả theo địa điểm',
    'Gửi tổng hợp tuần ngay',
    'Cập nhật trang kết quả công khai',
    'Gửi lại email chờ gửi',
    'Dọn ý kiến rác',
    'Khôi phục ý kiến từ Rác',
    'Xóa thông tin cá nhân quá hạn',
    'Xóa hoặc sửa thông tin theo đề nghị của người gửi',
  ]) {
    await page.getByRole('button', { name, exact: true }).waitFor();
  }
  await page.getByText('Chủ sở hữu hòm thư: admin@example.org').waitFor();
  expect(await axeProblems(page)).toEqual([]);
  await page.close();
});

browserTest('a report period typed in the page reaches the action; the links open the local copies in a new tab', async () => {
  const page = await openAdmin(rig);
  const month = new Date(Date.now() + 7 * 3600_000);
  const period = `${String(month.getUTCMonth() + 1).padStart(2, '0')}/${month.getUTCFullYear()}`;
  const input = page.getByLabel('Kỳ báo cáo').first();
  expect(await input.inputValue()).toMatch(/^\d\d\/\d{4}$/); // last month, filled in
  await input.fill(period);
  await page.getByRole('button', { name: 'Lập báo cáo tổng hợp', exact: true }).click();
  await result(page).waitFor();
  expect(await page.locator('#result-title').innerText()).toBe('Báo cáo tổng hợp');
  expect(await page.locator('#result-lines').innerText()).toContain(`tháng ${Number(period.slice(0, 2))}/${period.slice(3)}`);
  const links = page.locator('#result-links a');
  expect(await links.count()).toBe(2);
  for (let i = 0; i < 2; i++) {
    expect(await links.nth(i).getAttribute('target')).toBe('_blank');
    expect(await links.nth(i).getAttribute('rel')).toBe('noopener');
    expect(await links.nth(i).getAttribute('href')).toMatch(/^\/__preview\/files\/drive\//);
  }
  const [tab] = await Promise.all([page.context().waitForEvent('page'), links.first().click()]);
  await tab.waitForLoadState();
  expect(await tab.content()).toContain('BÁO CÁO');
  await tab.close();

  // An unreadable period: said plainly, nothing made.
  const docs = rig.preview.sandbox.world.docs.all().length;
  await input.fill('tháng trước');
  await page.getByRole('button', { name: 'Lập báo cáo tổng hợp', exact: true }).click();
  await page.locator('#result.failed').waitFor();
  expect(await page.locator('#result-title').innerText()).toBe('Báo cáo tổng hợp: chưa xong');
  expect(await page.locator('#result-lines').innerText()).toMatch(/MM\/yyyy/);
  expect(rig.preview.sandbox.world.docs.all()).toHaveLength(docs);
  await page.close();
});

browserTest('what the server says is shown as text, never as markup', async () => {
  // A row typed by hand with markup where a date belongs: the owner action reports it back, quoted.
  const sheet = rig.preview.sandbox.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  const evil = '<img src=x onerror="window.__pwned=1">';
  sheet.appendRow(COLUMNS.map((c) => (c.key === 'content' ? 'Ý kiến nhập tay từ thư giấy.' : c.key === 'receivedAt' ? `'${evil}` : '')));
  const page = await openAdmin(rig);
  await page.getByRole('button', { name: 'Cấp mã cho ý kiến nhập tay', exact: true }).click();
  await result(page).waitFor();
  const text = await page.locator('#result-lines').innerText();
  expect(text).toContain('Đã cấp mã cho 1 ý kiến');
  expect(text).toContain(evil.slice(0, 30));
  expect(await page.locator('#result img').count()).toBe(0);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  await page.close();
});

browserTest("a resident's request typed in the page: the code and the choice reach the action, a bad code is said plainly", async () => {
  const sb = rig.preview.sandbox;
  const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [
    withWork(sb, {
      requestId: newRequestId(),
      location: 'KDC01',
      category: 'Trật tự đô thị',
      kind: 'Kiến nghị',
      content: 'Đề nghị sửa đèn đường ngõ 12. Tôi là Phạm Thị Hoa.',
      name: 'Phạm Thị Hoa',
      phone: '0912 345 679',
      consent: true,
      website: '',
      elapsedMs: 30000,
    }),
  ]).value;
  const page = await openAdmin(rig);
  page.on('dialog', (d) => void d.accept());
  const button = page.getByRole('button', { name: 'Xóa hoặc sửa thông tin theo đề nghị của người gửi', exact: true });
  const code = page.getByLabel('Mã theo dõi của ý kiến');
  await code.fill('HB-12');
  await button.click();
  await page.locator('#result.failed').waitFor();
  expect(await page.locator('#result-lines').innerText()).toMatch(/Mã theo dõi không đúng dạng/);

  await code.fill(trackingCode.toLowerCase());
  await page.getByLabel('Đề nghị của người gửi').selectOption('correct');
  await page.getByLabel('Số điện thoại mới (khi sửa)').fill('0987 654 321');
  await button.click();
  await result(page).waitFor();
  expect(await page.locator('#result-lines').innerText()).toContain(`Ý kiến ${trackingCode}: đã sửa số điện thoại.`);

  await page.getByLabel('Số điện thoại mới (khi sửa)').fill('');
  await page.getByLabel('Đề nghị của người gửi').selectOption('erase');
  await button.click();
  await result(page).waitFor();
  const text = await page.locator('#result-lines').innerText();
  expect(text).toContain(`Ý kiến ${trackingCode}: đã xóa họ tên, số điện thoại, thông tin cá nhân trong nội dung ý kiến.`);
  expect(text).not.toMatch(/Phạm Thị Hoa|0987/);
  expect(await axeProblems(page)).toEqual([]);
  await page.close();
});

browserTest('on the public web app the admin page is refused', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?view=admin`);
  expect(await page.locator('body').innerText()).toBe('Trang này chỉ dành cho chủ sở hữu hòm thư.');
  await context.close();
});

browserTest('the platform check ends holding the script lock, and the page checks in a second call that it was released', async () => {
  const page = await openAdmin(rig);
  await page.getByRole('button', { name: 'Kiểm tra nền tảng', exact: true }).click();
  // The report is shown first, then again with the second call's line added.
  await page.locator('#result-lines', { hasText: 'lần chạy này lấy được khóa sau' }).waitFor({ timeout: 100_000 });
  const lines = await page.locator('#result-lines').innerText();
  expect(lines).toMatch(/CHƯA RÕ · script\.lock-at-end · [^\n]*: Lần chạy này kết thúc khi đang giữ khóa/);
  expect(lines).toMatch(
    /ĐẠT · script\.lock-at-end · [^\n]*: Lần chạy trước kết thúc khi đang giữ khóa; lần chạy này lấy được khóa sau \d+ ms\./,
  );
  expect(rig.preview.sandbox.world.script.lockHolder).toBeNull();
  await page.close();
});
