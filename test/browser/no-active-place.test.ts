/**
 * A box with no active place, in Debian's Chromium at 360×640: the form shows no place chooser and sends the opinion
 * without a place, from a poster of a place that was unticked as from the bare address.
 */
import { COL } from '../../src/core/records/feedback-record';
import { HUMAN_DELAY_MS, axeProblems, browserTest, fillOpinion, openForm, rowsInSandbox, startRig, type BrowserRig } from './helpers';

jest.setTimeout(120_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
  if (!rig) return;
  // Staff untick "Hoạt động" on every place, one edit each, as they would in the Sheet.
  const sb = rig.preview.sandbox;
  const places = sb.world.boxSpreadsheet()!.getSheetByName('Địa điểm')!;
  const rows = places.getDataRange().getValues();
  for (let i = 1; i < rows.length; i++) {
    if (rows[i][0]) sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row: i + 1, column: 5 }, [[false]]);
  }
  sb.world.script.cache.clear();
});
afterAll(async () => {
  await rig?.close();
});

for (const [how, loc] of [
  ['from the bare address', ''],
  ['from the poster of an unticked place', 'KDC01'],
] as const) {
  browserTest(`with no active place the form shows no place chooser and sends (${how})`, async () => {
    const page = await openForm(rig, loc);
    await page.getByLabel('Nội dung').waitFor();
    await expect(page.locator('#location-field').isHidden()).resolves.toBe(true);
    await expect(page.locator('#location-line').isHidden()).resolves.toBe(true);
    await expect(page.getByLabel('Địa điểm', { exact: true }).isVisible()).resolves.toBe(false);
    await expect(page.getByText('Không nhận ra nơi đặt mã QR').count()).resolves.toBe(0);
    expect(await axeProblems(page)).toEqual([]);

    const content = `Cống thoát nước trước chợ bị tắc, mưa xuống là ngập cả lối đi (${how}).`;
    await fillOpinion(page, content);
    await page.waitForTimeout(HUMAN_DELAY_MS);
    await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await page.locator('#view-done:not([hidden])').waitFor();
    const code = (await page.locator('#done-code').textContent())!.trim();
    expect(code).toMatch(/^HB-[2-9A-HJKMNP-Z]{7}$/);
    await expect(page.getByText('Vui lòng chọn nơi').count()).resolves.toBe(0);

    const row = rowsInSandbox(rig).find((r) => r[COL.trackingCode - 1] === code)!;
    expect(row[COL.content - 1]).toBe(content);
    expect([row[COL.locationCode - 1], row[COL.locationName - 1]]).toEqual(['', '']);
    await page.context().close();
  });
}

browserTest(
  'a place ticked again after the page was opened: the refusal asks for a reload, which offers the places with the text kept',
  async () => {
    const page = await openForm(rig, '');
    await page.getByLabel('Nội dung').waitFor();
    const sb = rig.preview.sandbox;
    const places = sb.world.boxSpreadsheet()!.getSheetByName('Địa điểm')!;
    const row =
      places
        .getDataRange()
        .getValues()
        .findIndex((r) => r[0] === 'KDC02') + 1;
    sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row, column: 5 }, [[true]]);
    sb.world.script.cache.clear();

    const content = 'Vỉa hè trước trường tiểu học bị lấn chiếm, học sinh phải đi xuống lòng đường.';
    await fillOpinion(page, content);
    await page.waitForTimeout(HUMAN_DELAY_MS);
    await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    const error = page.locator('#form-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/tải lại trang.*vẫn được giữ/);
    await expect(page.getByText('trong danh sách địa điểm').count()).resolves.toBe(0);

    await page.reload();
    await page.locator('#location-field:not([hidden])').waitFor();
    await expect(page.getByLabel('Nội dung').inputValue()).resolves.toBe(content);
    await page.getByLabel('Địa điểm', { exact: true }).selectOption('KDC02');
    await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await page.locator('#view-done:not([hidden])').waitFor();
    const code = (await page.locator('#done-code').textContent())!.trim();
    const sent = rowsInSandbox(rig).find((r) => r[COL.trackingCode - 1] === code)!;
    expect([sent[COL.locationCode - 1], sent[COL.content - 1]]).toEqual(['KDC02', content]);
    await page.context().close();
  },
);
