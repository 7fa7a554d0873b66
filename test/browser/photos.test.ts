/**
 * Photos attached in Chromium: a 4.5 MB camera JPEG carrying EXIF GPS, a PNG, and a text file renamed to .jpg.
 * The stored files carry no EXIF/GPS, are at most PHOTO_LIMITS.targetBytes at 1,600 px, and the bad file is refused
 * with a clear message. The work runs in the photo Worker, and the main thread makes the same photo where the Worker
 * is refused, never answers, or OffscreenCanvas is missing; EXIF orientation is respected on both paths, and a big
 * JPEG is decoded already shrunk where the browser can.
 * Also: HEIC files the browser cannot read, the progress bar while photos are shrunk, photo edits after a send
 * whose answer was lost, and a photo the server refuses although it records the opinion.
 */
import type { Page } from 'playwright-core';
import { PHOTO_LIMITS } from '../../src/shared/types';
import {
  HUMAN_DELAY_MS,
  alterFirstPayload,
  browserTest,
  fillOpinion,
  loseFirstAnswer,
  openForm,
  photosOf,
  rowsInSandbox,
  startRig,
  type BrowserRig,
} from './helpers';
import { decoderCalls, decoderProbeScript, type DecoderProbe } from './decoder-probe';
import { GPS_MARKER, jpegSize, phonePhoto, pngImage, streetPhoto, withExifGps, withExifOrientation } from './images';

jest.setTimeout(180_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

let cameraPhoto: Buffer | undefined;
/** The 4000×3000 camera JPEG with an EXIF GPS block, made once. */
async function camera(): Promise<Buffer> {
  if (!cameraPhoto) cameraPhoto = withExifGps(await phonePhoto(rig.browser));
  return cameraPhoto;
}

/** Where each photo on the form was made, from the page's own User Timing measures, in order. */
function photoPaths(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => m.name.indexOf('photo-ready ') === 0)
      .map((m) => m.name.slice('photo-ready '.length)),
  );
}

/** The JPEG bytes of each photo on the form (the thumbnails' data URLs are what the page sends). */
async function preparedJpegs(page: Page): Promise<Buffer[]> {
  const srcs = await page.locator('#photo-list img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') || ''));
  return srcs.map((src) => {
    expect(src.startsWith('data:image/jpeg;base64,')).toBe(true);
    return Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
  });
}

function expectSmallAndClean(jpeg: Buffer) {
  expect(jpeg.length).toBeLessThanOrEqual(PHOTO_LIMITS.targetBytes);
  expect(jpeg.includes(Buffer.from('Exif'))).toBe(false);
  expect(jpeg.includes(Buffer.from(GPS_MARKER))).toBe(false);
  const { width, height } = jpegSize(jpeg);
  expect(Math.max(width, height)).toBe(PHOTO_LIMITS.maxSide);
}

browserTest('photos are shrunk and stripped in the Worker; a non-image is refused; the opinion goes through', async () => {
  const photo = await camera();
  expect(photo.includes(Buffer.from(GPS_MARKER))).toBe(true);
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page: Page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await page.getByLabel('Phản ánh', { exact: true }).check();
  await page.getByLabel('Lĩnh vực').selectOption('Vệ sinh môi trường');
  await page.getByLabel('Nội dung').fill('Bãi rác tự phát ở bờ mương cuối ngõ 8, xin xem ảnh kèm theo.');
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([
    { name: 'IMG_20261128_071500.jpg', mimeType: 'image/jpeg', buffer: photo },
    { name: 'so-do.png', mimeType: 'image/png', buffer: pngImage() },
    { name: 'khong-phai-anh.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Đây là một tệp văn bản, không phải ảnh.\n') },
  ]);
  await page.getByText('Đã chọn 2/3 ảnh.').waitFor({ timeout: 60_000 });
  await expect(page.locator('#err-photos').textContent()).resolves.toMatch(/khong-phai-anh\.jpg.*không phải ảnh/);
  // Nothing moves the focus there: a screen reader hears it as an alert.
  await expect(page.getByRole('alert').filter({ hasText: 'khong-phai-anh.jpg' }).count()).resolves.toBe(1);
  await expect(photoPaths(page)).resolves.toEqual(['worker', 'worker']);
  expectSmallAndClean((await preparedJpegs(page))[0]);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 60_000 });
  const code = (await page.locator('#done-code').textContent())!.trim();

  const stored = rig.preview.sandbox.world.drive.files().filter((f) => f.name.startsWith(code));
  expect(stored).toHaveLength(2);
  for (const f of stored) {
    const bytes = Buffer.from(f.bytes);
    expect(f.mimeType).toBe('image/jpeg');
    expect(bytes.length).toBeLessThanOrEqual(PHOTO_LIMITS.targetBytes);
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
    expect(bytes.includes(Buffer.from(GPS_MARKER))).toBe(false);
    const { width, height } = jpegSize(bytes);
    expect(Math.max(width, height)).toBeLessThanOrEqual(PHOTO_LIMITS.maxSide);
    expect(f.getSharingAccess()).toBe('PRIVATE');
  }
  await context.close();
});

/** The start of a HEIC file (an ISO-BMFF `ftyp` box of brand heic) followed by bytes no browser here can decode. */
function heicLike(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'ascii');
  ftyp.write('mif1heic', 16, 'ascii');
  return Buffer.concat([ftyp, Buffer.alloc(2000, 0x5a)]);
}

browserTest('a HEIC photo the browser cannot read gets its own advice; other unreadable files keep the old message', async () => {
  const page = await openForm(rig);
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([
    { name: 'IMG_0412.HEIC', mimeType: 'image/heic', buffer: heicLike() },
    { name: 'anh-zalo.heif', mimeType: '', buffer: heicLike() },
    { name: 'hong.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('không phải ảnh') },
    { name: 'so-do.png', mimeType: 'image/png', buffer: pngImage(200, 150) },
  ]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 60_000 });
  const err = (await page.locator('#err-photos').textContent())!;
  expect(err).toContain('Điện thoại lưu ảnh “IMG_0412.HEIC” ở dạng HEIC mà trình duyệt này không đọc được');
  expect(err).toContain('Điện thoại lưu ảnh “anh-zalo.heif” ở dạng HEIC');
  expect(err).toContain('chọn ảnh JPEG/PNG');
  expect(err).toContain('Không đọc được tệp “hong.jpg” (có thể không phải ảnh hoặc ảnh bị hỏng), đã bỏ qua.');
  expect(err).not.toMatch(/IMG_0412\.HEIC” \(có thể không phải ảnh/);
  await page.context().close();
});

browserTest('while photos are shrunk a labelled progress bar counts them; it is hidden when idle', async () => {
  const page = await openForm(rig);
  const bar = page.locator('#photo-progress');
  expect(await bar.evaluate((b) => (b as HTMLProgressElement).hidden)).toBe(true);
  expect(await bar.getAttribute('aria-label')).toBe('Tiến độ xử lý ảnh');
  // Every state the bar goes through, recorded in the page as it changes.
  await page.evaluate(`(() => {
    const b = document.getElementById('photo-progress');
    window.__bar = [];
    new MutationObserver(() => {
      window.__bar.push({ hidden: b.hidden, determinate: b.hasAttribute('value'), value: b.value, max: b.max });
    }).observe(b, { attributes: true });
  })()`);
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([
    { name: 'mot.png', mimeType: 'image/png', buffer: pngImage(400, 300) },
    { name: 'hai.png', mimeType: 'image/png', buffer: pngImage(300, 400) },
  ]);
  await page.getByText('Đã chọn 2/3 ảnh.').waitFor({ timeout: 60_000 });
  const states = (await page.evaluate('window.__bar')) as { hidden: boolean; determinate: boolean; value: number; max: number }[];
  const shown = states.filter((s) => !s.hidden);
  expect(shown.length).toBeGreaterThan(0);
  for (const s of shown) {
    expect(s.determinate).toBe(true);
    expect(s.max).toBe(4); // two photos, read then shrunk
  }
  const values = shown.map((s) => s.value);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  expect(values.some((v) => v > 0 && v < 4)).toBe(true);
  expect(states[states.length - 1].hidden).toBe(true);
  await expect(bar.isHidden()).resolves.toBe(true);
  await page.context().close();
});

browserTest('a photo added after a lost answer is not dropped: the retry goes in as a new opinion with the photo', async () => {
  const page = await openForm(rig, 'KDC02');
  const content = `Rác tồn đọng ở cuối ngõ 5 (thêm ảnh sau khi mất phản hồi ${Date.now()}).`;
  const photo = pngImage(400, 300);
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await loseFirstAnswer(page);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  // Offline, so the page's own retry in a few seconds waits for the photo to be added.
  await page.context().setOffline(true);
  const firstCode = rowsInSandbox(rig).find((r) => String(r[7]) === content)![0] as string;
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([{ name: 'rac.png', mimeType: 'image/png', buffer: photo }]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 60_000 });
  await page.context().setOffline(false); // the page sends again by itself
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 60_000 });
  const code = (await page.locator('#done-code').textContent())!.trim();
  expect(code).not.toBe(firstCode);
  expect(photosOf(rig, code)).toHaveLength(1);
  expect(photosOf(rig, firstCode)).toHaveLength(0);
  expect(
    rowsInSandbox(rig)
      .filter((r) => String(r[7]) === content)
      .map((r) => r[0])
      .sort(),
  ).toEqual([firstCode, code].sort());
  await page.context().close();
});

browserTest('a photo removed after a lost answer is not kept: the retry goes in as a new opinion without it', async () => {
  const page = await openForm(rig, 'KDC03');
  const content = `Cây đổ chắn lối đi trong ngõ 9 (bỏ ảnh sau khi mất phản hồi ${Date.now()}).`;
  await fillOpinion(page, content);
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([{ name: 'cay.png', mimeType: 'image/png', buffer: pngImage(400, 300) }]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await loseFirstAnswer(page);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#retry-box:not([hidden])').waitFor();
  await page.getByRole('button', { name: 'Xóa ảnh 1' }).click();
  const firstCode = rowsInSandbox(rig).find((r) => String(r[7]) === content)![0] as string;
  expect(photosOf(rig, firstCode)).toHaveLength(1);
  await page.getByRole('button', { name: 'Gửi lại', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 60_000 });
  const code = (await page.locator('#done-code').textContent())!.trim();
  expect(code).not.toBe(firstCode);
  expect(photosOf(rig, code)).toHaveLength(0);
  await page.context().close();
});

browserTest('a photo the server refuses: the opinion is recorded and the done view says, calmly, which photo was not kept', async () => {
  const page = await openForm(rig);
  await fillOpinion(page, 'Ổ gà lớn giữa đường trước trường mầm non, xin xem hai ảnh kèm theo.');
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([
    { name: 'mot.png', mimeType: 'image/png', buffer: pngImage(400, 300) },
    { name: 'hai.png', mimeType: 'image/png', buffer: pngImage(300, 400) },
  ]);
  await page.getByText('Đã chọn 2/3 ảnh.').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(HUMAN_DELAY_MS);
  // The page only ever sends JPEGs it made itself: spoil the second one on the way, as a broken upload would.
  await alterFirstPayload(page, (p) => {
    (p.photos as { dataBase64: string }[])[1].dataBase64 = Buffer.from('Đây không phải ảnh.').toString('base64');
  });
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 60_000 });
  const code = (await page.locator('#done-code').textContent())!.trim();
  expect(photosOf(rig, code)).toHaveLength(1);
  const notice = page.locator('#done-warnings');
  await expect(notice.isVisible()).resolves.toBe(true);
  await expect(notice.getAttribute('role')).resolves.toBe('status');
  await expect(notice.textContent()).resolves.toBe('Ảnh 2 không phải ảnh JPEG/PNG hợp lệ nên không được lưu.');
  // Under the code, before the buttons.
  const below = await page.evaluate(
    `document.getElementById('done-code').compareDocumentPosition(document.getElementById('done-warnings')) & Node.DOCUMENT_POSITION_FOLLOWING`,
  );
  expect(below).toBeTruthy();
  await page.context().close();
});

browserTest('without OffscreenCanvas (older iOS, old Android) the main thread makes the same photo: small, 1,600 px, no EXIF', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 } });
  await context.addInitScript(() => {
    delete (window as { OffscreenCanvas?: unknown }).OffscreenCanvas;
  });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await page
    .getByLabel('Chụp hoặc chọn ảnh')
    .setInputFiles([{ name: 'IMG_4000x3000.jpg', mimeType: 'image/jpeg', buffer: await camera() }]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 60_000 });
  await expect(photoPaths(page)).resolves.toEqual(['main']);
  expectSmallAndClean((await preparedJpegs(page))[0]);
  await context.close();
});

/**
 * A fresh form (in a context of its own: close it with `page.context().close()`) with one JPEG chosen and made
 * `madeIn` the Worker or on the main thread (there when Workers are refused, as some in-app browsers do); `init` runs
 * before the page's own scripts.
 */
async function onePhotoChosen(
  file: { name: string; buffer: Buffer },
  refuseWorker: boolean,
  init?: string,
  madeIn: 'worker' | 'main' = refuseWorker ? 'main' : 'worker',
): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 } });
  if (init) await context.addInitScript({ content: init });
  if (refuseWorker)
    await context.addInitScript(() => {
      (window as { Worker: unknown }).Worker = function () {
        throw new DOMException('Workers are not allowed here', 'SecurityError');
      };
    });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([{ ...file, mimeType: 'image/jpeg' }]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 60_000 });
  await expect(photoPaths(page)).resolves.toEqual([madeIn]);
  return page;
}

/** Whether the right edge of a JPEG is red and its left edge not: the stored top edge turned to the right. */
async function redOnTheRight(jpeg: Buffer): Promise<{ right: boolean; left: boolean }> {
  const page = await rig.browser.newPage();
  const result = (await page.evaluate(`(async () => {
    const img = new Image();
    img.src = 'data:image/jpeg;base64,${jpeg.toString('base64')}';
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const red = (x) => { const d = g.getImageData(x, c.height >> 1, 1, 1).data; return d[0] > 180 && d[1] < 90 && d[2] < 90; };
    return { right: red(c.width - 3), left: red(2) };
  })()`)) as { right: boolean; left: boolean };
  await page.close();
  return result;
}

browserTest(
  'EXIF orientation is respected in the Worker and on the main thread (a Worker refused, as in some in-app browsers)',
  async () => {
    // Stored 800×600 with the red band at the top; EXIF orientation 6: seen upright it is 600×800, band on the right.
    const sideways = withExifOrientation(await phonePhoto(rig.browser, 800, 600, true), 6);
    for (const refuseWorker of [false, true]) {
      const page = await onePhotoChosen({ name: 'IMG_doc.jpg', buffer: sideways }, refuseWorker);
      const [jpeg] = await preparedJpegs(page);
      expect(jpegSize(jpeg)).toEqual({ width: 600, height: 800 });
      expect(jpeg.includes(Buffer.from('Exif'))).toBe(false);
      await expect(redOnTheRight(jpeg)).resolves.toEqual({ right: true, left: false });
      await page.context().close();
    }
  },
);

browserTest(
  'a big JPEG is decoded already shrunk (ImageDecoder at 4/8 of each side), upright, in the Worker and on the main thread; without ImageDecoder or VideoFrame rotation it is decoded whole, the same',
  async () => {
    // Stored 3200×2400, red band at the top, EXIF orientation 6: upright it is 2400×3200, band on the right. (This
    // noise-heavy picture is over the target bytes at 1,600 px on every path, so all send it one step smaller.)
    const sideways = withExifOrientation(await phonePhoto(rig.browser, 3200, 2400, true), 6);
    const cases: { probe: DecoderProbe; refuseWorker: boolean; asked: number[][] }[] = [
      { probe: 'record', refuseWorker: false, asked: [[1600, 1200]] },
      { probe: 'record', refuseWorker: true, asked: [[1600, 1200]] },
      { probe: 'no-decoder', refuseWorker: false, asked: [] },
      { probe: 'no-rotation', refuseWorker: false, asked: [] },
      { probe: 'no-rotation', refuseWorker: true, asked: [] },
    ];
    const sizes: { width: number; height: number }[] = [];
    for (const c of cases) {
      const page = await onePhotoChosen({ name: 'IMG_3200.jpg', buffer: sideways }, c.refuseWorker, decoderProbeScript(c.probe));
      await expect(decoderCalls(page)).resolves.toEqual(c.asked);
      const [jpeg] = await preparedJpegs(page);
      sizes.push(jpegSize(jpeg));
      expect(jpeg.includes(Buffer.from('Exif'))).toBe(false);
      await expect(redOnTheRight(jpeg)).resolves.toEqual({ right: true, left: false });
      await page.context().close();
    }
    // Upright (3:4) and the same size on every path.
    expect(Math.abs(sizes[0].width * 4 - sizes[0].height * 3)).toBeLessThanOrEqual(4);
    expect(Math.max(sizes[0].width, sizes[0].height)).toBeLessThanOrEqual(PHOTO_LIMITS.maxSide);
    for (const s of sizes) expect(s).toEqual(sizes[0]);
  },
);

browserTest(
  'an engine that decodes smaller than asked (the size is only a hint) does not shrink the photo: it is decoded whole',
  async () => {
    const street = await streetPhoto(rig.browser, 3200, 2400);
    for (const refuseWorker of [false, true]) {
      const page = await onePhotoChosen({ name: 'IMG_street.jpg', buffer: street }, refuseWorker, decoderProbeScript('smaller'));
      await expect(decoderCalls(page)).resolves.toEqual([[1600, 1200]]);
      const [jpeg] = await preparedJpegs(page);
      expect(jpegSize(jpeg)).toEqual({ width: 1600, height: 1200 });
      await page.context().close();
    }
  },
);

browserTest(
  'a shrunk picture the canvas cannot draw is made again decoded whole, after the Worker and on the main thread alone',
  async () => {
    const street = await streetPhoto(rig.browser, 3200, 2400);
    for (const refuseWorker of [false, true]) {
      const page = await onePhotoChosen({ name: 'IMG_street.jpg', buffer: street }, refuseWorker, decoderProbeScript('undrawable'), 'main');
      // Asked once (in the Worker, or on the main thread when there is none); the retry decoded the file whole.
      await expect(decoderCalls(page)).resolves.toEqual([[1600, 1200]]);
      const [jpeg] = await preparedJpegs(page);
      expect(jpegSize(jpeg)).toEqual({ width: 1600, height: 1200 });
      await page.context().close();
    }
  },
);

/** The photo on the form (its thumbnail's JPEG) drawn down to 8×8: the average colours of an 8×8 grid, and its size. */
async function photoGrid(page: Page): Promise<{ width: number; height: number; rgba: number[] }> {
  return (await page.evaluate(`(async () => {
    const img = document.querySelector('#photo-list img');
    await img.decode();
    const c = document.createElement('canvas');
    c.width = 8; c.height = 8;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0, 8, 8);
    return { width: img.naturalWidth, height: img.naturalHeight, rgba: Array.from(g.getImageData(0, 0, 8, 8).data) };
  })()`)) as { width: number; height: number; rgba: number[] };
}

browserTest('all eight EXIF orientations (turns and mirrors) come out of the shrunk decode as they do decoded whole', async () => {
  // A diagonal gradient under a red band along the stored top: every turn and every mirror changes the picture.
  const stored = await phonePhoto(rig.browser, 3200, 2400, true);
  for (let orientation = 1; orientation <= 8; orientation++) {
    const file = { name: `IMG_o${orientation}.jpg`, buffer: withExifOrientation(stored, orientation) };
    const shrunk = await onePhotoChosen(file, false, decoderProbeScript('record'));
    await expect(decoderCalls(shrunk)).resolves.toEqual([[1600, 1200]]);
    const a = await photoGrid(shrunk);
    await shrunk.context().close();
    const whole = await onePhotoChosen(file, false, decoderProbeScript('no-decoder'));
    const b = await photoGrid(whole);
    await whole.context().close();
    // The same way up: the long side where it belongs and every cell of the grid the same colour, give or take.
    expect(a.width > a.height).toBe(b.width > b.height);
    expect(Math.max(...a.rgba.map((v, i) => Math.abs(v - b.rgba[i])))).toBeLessThanOrEqual(8);
  }
});

browserTest('a Worker that starts but never answers: after a moment the main thread makes the photo', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 } });
  await context.addInitScript(() => {
    (window as { Worker: unknown }).Worker = function () {
      return { postMessage() {}, terminate() {}, onmessage: null, onerror: null };
    };
  });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await page.getByLabel('Chụp hoặc chọn ảnh').setInputFiles([{ name: 'so-do.png', mimeType: 'image/png', buffer: pngImage(400, 300) }]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 60_000 });
  await expect(photoPaths(page)).resolves.toEqual(['main']);
  expect(jpegSize((await preparedJpegs(page))[0])).toEqual({ width: 400, height: 300 });
  await context.close();
});
