/**
 * Photos attached in Chromium: a 4.5 MB camera JPEG carrying EXIF GPS, a PNG, and a text file renamed to .jpg.
 * The stored files carry no EXIF/GPS, respect the size limits, and the bad file is refused with a clear message.
 */
import type { Page } from 'playwright-core';
import { PHOTO_LIMITS } from '../../src/shared/types';
import { HUMAN_DELAY_MS, browserTest, startRig, type BrowserRig } from './helpers';
import { GPS_MARKER, jpegSize, phonePhoto, pngImage, withExifGps } from './images';

jest.setTimeout(180_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

browserTest('photos are shrunk and stripped in the browser; a non-image is refused; the opinion goes through', async () => {
  const camera = withExifGps(await phonePhoto(rig.browser));
  expect(camera.includes(Buffer.from(GPS_MARKER))).toBe(true);
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page: Page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await page.getByLabel('Phản ánh', { exact: true }).check();
  await page.getByLabel('Lĩnh vực').selectOption('Vệ sinh môi trường');
  await page.getByLabel('Nội dung').fill('Bãi rác tự phát ở bờ mương cuối ngõ 8, xin xem ảnh kèm theo.');
  await page.getByLabel(/^Ảnh minh họa/).setInputFiles([
    { name: 'IMG_20261128_071500.jpg', mimeType: 'image/jpeg', buffer: camera },
    { name: 'so-do.png', mimeType: 'image/png', buffer: pngImage() },
    { name: 'khong-phai-anh.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Đây là một tệp văn bản, không phải ảnh.\n') },
  ]);
  await page.getByText('Đã chọn 2/3 ảnh.').waitFor({ timeout: 60_000 });
  await expect(page.locator('#err-photos').textContent()).resolves.toMatch(/khong-phai-anh\.jpg.*không phải ảnh/);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 60_000 });
  const code = (await page.locator('#done-code').textContent())!.trim();

  const stored = rig.preview.sandbox.world.drive.files().filter((f) => f.name.startsWith(code));
  expect(stored).toHaveLength(2);
  for (const f of stored) {
    const bytes = Buffer.from(f.bytes);
    expect(f.mimeType).toBe('image/jpeg');
    expect(bytes.length).toBeLessThanOrEqual(PHOTO_LIMITS.maxBytes);
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
    expect(bytes.includes(Buffer.from(GPS_MARKER))).toBe(false);
    const { width, height } = jpegSize(bytes);
    expect(Math.max(width, height)).toBeLessThanOrEqual(PHOTO_LIMITS.maxSide);
    expect(f.getSharingAccess()).toBe('PRIVATE');
  }
  await context.close();
});
