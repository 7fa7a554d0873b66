/**
 * The public results page in Debian's Chromium at 360×640 against the local preview (the built script in the
 * sandbox): a location's published replies are readable without sideways scrolling, the page has no serious
 * accessibility problem, and the resident's page links to it.
 */
import { ADMIN } from '../../sandbox/box';
import { rowToRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import { axeProblems, browserTest, startRig, type BrowserRig } from './helpers';

jest.setTimeout(120_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

const LONG_REPLY =
  'Ngày 05/11/2026, Ủy ban nhân dân phường đã phối hợp với Công ty Môi trường đô thị thu gom toàn bộ rác thải tại đầu ngõ 12, ' +
  'lắp thêm một thùng rác công cộng và giao tổ dân phố nhắc nhở các hộ gia đình đổ rác đúng giờ quy định. ' +
  'Đường dẫn chi tiết: https://example.org/thong-bao/ket-qua-xu-ly-rac-thai-dau-ngo-12-to-dan-pho-so-1-phuong-hoa-binh-thang-11';

function seed(): void {
  const sb = rig.preview.sandbox;
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  for (const [i, reply] of [LONG_REPLY, 'Đã sửa đèn chiếu sáng.', ''].entries()) {
    sheet.appendRow(
      recordToCells({
        ...rowToRecord([]),
        trackingCode: `HB-BRWSR${i + 2}A`,
        receivedAt: new Date(Date.UTC(2026, 10, 3 + i, 2)),
        source: 'QR',
        locationCode: 'KDC01',
        locationName: 'Nhà văn hóa khu dân cư số 1',
        kind: 'Phản ánh',
        category: 'Hạ tầng – điện chiếu sáng – thoát nước',
        content: 'Nội dung riêng',
        name: 'Lê Thị Mai',
        status: reply ? 'Đã trả lời' : 'Đang xử lý',
        publicReply: reply,
        publish: true,
      }),
    );
  }
  const run = sb.run<{ ok: boolean }>('refreshPublicResults', [], { user: ADMIN });
  expect(run.value.ok).toBe(true);
}

browserTest('a location page at 360 px: readable without sideways scrolling, accessible, no personal data', async () => {
  seed();
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?view=results&loc=KDC01`);
  await page.getByRole('heading', { name: 'Nhà văn hóa khu dân cư số 1' }).waitFor();
  const body = (await page.locator('main').textContent()) ?? '';
  expect(body).toContain('3 ý kiến đã công khai kết quả');
  expect(body).toContain('Đã sửa đèn chiếu sáng.');
  expect(body).toContain('Chưa có trả lời công khai.');
  expect(body).not.toContain('Lê Thị Mai');
  expect(body).not.toContain('Nội dung riêng');
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  // Elderly readers: no text on the page smaller than 16 px.
  const smallest = await page.evaluate(() =>
    Math.min(
      ...[...document.querySelectorAll('main *')].filter((e) => e.textContent?.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize)),
    ),
  );
  expect(smallest).toBeGreaterThanOrEqual(16);
  expect(await axeProblems(page)).toEqual([]);
  await page.goto(`${rig.preview.url}/?view=results`);
  await page.getByRole('heading', { name: 'Chọn địa điểm' }).waitFor();
  expect(await axeProblems(page)).toEqual([]);
  await context.close();
});

browserTest('the resident page links to the results of its location', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await page.getByRole('button', { name: 'Xem kết quả' }).click();
  const link = page.locator('#view-track .results-link');
  await link.waitFor();
  expect(await link.getAttribute('href')).toMatch(/[?&]view=results&loc=KDC01$/);
  await context.close();
});
