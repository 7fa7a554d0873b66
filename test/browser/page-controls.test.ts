/**
 * The page's own controls in Debian's Chromium at 360×640: the big-text switch says its state, "Khiếu nại, tố cáo"
 * sets the other fields aside and gives them back untouched, the photo picker reads in Vietnamese whatever the
 * phone's language, the lookup shows an example code and a plain format message, a send refused as too quick says
 * one thing, the done view's lookup link never breaks inside a word, the emergency numbers are finger-sized, and a
 * form whose script never ran posts nothing into the address.
 */
import type { Page } from 'playwright-core';
import { axeProblems, browserTest, fillOpinion, HUMAN_DELAY_MS, openForm, startRig, type BrowserRig } from './helpers';

jest.setTimeout(120_000);

let rig: BrowserRig = undefined as unknown as BrowserRig;
beforeAll(async () => {
  rig = (await startRig()) as BrowserRig;
});
afterAll(async () => {
  await rig?.close();
});

browserTest('the big-text switch says its state in its label and in aria-pressed, and is remembered', async () => {
  const page = await openForm(rig);
  const off = page.getByRole('button', { name: 'Chữ to: đang tắt' });
  await expect(off.getAttribute('aria-pressed')).resolves.toBe('false');
  await off.click();
  const on = page.getByRole('button', { name: 'Chữ to: đang bật' });
  await expect(on.getAttribute('aria-pressed')).resolves.toBe('true');
  await expect(page.evaluate(() => document.documentElement.classList.contains('big'))).resolves.toBe(true);
  expect(await axeProblems(page)).toEqual([]);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Chữ to: đang bật' }).getAttribute('aria-pressed')).resolves.toBe('true');
  await page.getByRole('button', { name: 'Chữ to: đang bật' }).click();
  await expect(page.getByRole('button', { name: 'Chữ to: đang tắt' }).getAttribute('aria-pressed')).resolves.toBe('false');
  await page.context().close();
});

browserTest('on the narrowest phones, and at twice the text size, the header never pushes the page sideways', async () => {
  // [width, "Chữ to" on, the phone's own text size]: 160 is a 320 px phone zoomed to 200%.
  for (const [width, big, zoom] of [
    [320, true, ''],
    [300, true, ''],
    [160, false, ''],
    [320, false, '225%'],
  ] as const) {
    const context = await rig.browser.newContext({ viewport: { width, height: 640 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${rig.preview.url}/?loc=KDC01`);
    if (big) await page.getByRole('button', { name: 'Chữ to: đang tắt' }).click();
    if (zoom) await page.evaluate((z) => (document.documentElement.style.fontSize = z), zoom);
    const fit = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      chip: document.getElementById('big-text')!.getBoundingClientRect().right,
    }));
    expect({ width, zoom, ...fit }).toEqual({ width, zoom, scroll: width, chip: expect.any(Number) });
    expect(fit.chip).toBeLessThanOrEqual(width);
    await context.close();
  }
});

async function fieldValues(page: Page): Promise<string[]> {
  return [
    await page.getByLabel('Lĩnh vực').inputValue(),
    await page.getByLabel('Nội dung').inputValue(),
    await page.getByLabel('Họ tên').inputValue(),
    String(await page.getByLabel(/Tôi đồng ý/).isChecked()),
  ];
}

const SET_ASIDE = ['Lĩnh vực', 'Nội dung', 'Chụp hoặc chọn ảnh', 'Họ tên', 'Số điện thoại', 'Email', 'Địa chỉ'];

browserTest('choosing "Khiếu nại, tố cáo" sets the other fields aside with their content kept, until another kind is chosen', async () => {
  const page = await openForm(rig, 'KDC03');
  await fillOpinion(page, 'Hàng xóm xây nhà lấn sang phần đất chung của ngõ, đã nhắc nhưng không sửa.');
  await page.getByLabel('Họ tên').fill('Trần Văn Bình');
  await page.getByLabel(/Tôi đồng ý/).check();
  const typed = await fieldValues(page);

  await page.getByLabel('Khiếu nại, tố cáo').check();
  const notice = page.locator('#petition-notice');
  await expect(notice.isVisible()).resolves.toBe(true);
  await expect(notice.textContent()).resolves.toMatch(/Ban tiếp công dân/);
  await expect(notice.textContent()).resolves.toMatch(/tạm khóa.*vẫn còn nguyên/);
  for (const label of SET_ASIDE) await expect(page.getByLabel(label, { exact: true }).isDisabled()).resolves.toBe(true);
  await expect(page.getByLabel(/Tôi đồng ý/).isDisabled()).resolves.toBe(true);
  // Visibly set aside: greyed out.
  await expect(page.locator('#opinion-fields').evaluate((e) => Number(getComputedStyle(e).opacity))).resolves.toBeLessThan(0.6);
  await expect(page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).count()).resolves.toBe(0);
  expect(await fieldValues(page)).toEqual(typed);
  expect(await axeProblems(page)).toEqual([]);

  // The choice is kept with the draft: still set aside after a reload.
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(page.getByLabel('Nội dung').isDisabled()).resolves.toBe(true);
  expect(await fieldValues(page)).toEqual(typed);

  await page.getByLabel('Góp ý', { exact: true }).check();
  await expect(notice.isHidden()).resolves.toBe(true);
  for (const label of SET_ASIDE) await expect(page.getByLabel(label, { exact: true }).isEnabled()).resolves.toBe(true);
  await expect(page.locator('#opinion-fields').evaluate((e) => Number(getComputedStyle(e).opacity))).resolves.toBe(1);
  await expect(page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).isVisible()).resolves.toBe(true);
  expect(await fieldValues(page)).toEqual(typed);
  await page.context().close();
});

browserTest('the photo picker is labelled "Chụp hoặc chọn ảnh" by the page, whatever the phone language', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  const input = page.getByLabel('Chụp hoặc chọn ảnh');
  await expect(input.getAttribute('type')).resolves.toBe('file');
  // The browser's own control ("Choose Files", "No file chosen") is hidden; the page's label is the button.
  const box = (await input.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(1);
  const label = page.locator('label[for="photos"]');
  await expect(label.textContent()).resolves.toBe('Chụp hoặc chọn ảnh');
  const lbox = (await label.boundingBox())!;
  expect(lbox.height).toBeGreaterThanOrEqual(44);
  expect(lbox.width).toBeGreaterThan(200);
  // Reachable by keyboard, with the focus ring drawn on the label.
  await input.focus();
  await expect(label.evaluate((e) => getComputedStyle(e).outlineStyle)).resolves.toBe('solid');
  await expect(page.getByRole('group', { name: 'Ảnh minh họa (không bắt buộc)' }).count()).resolves.toBe(1);
  const chooser = page.waitForEvent('filechooser');
  await label.click();
  await (await chooser).setFiles([]);
  expect(await axeProblems(page)).toEqual([]);
  await context.close();
});

browserTest('the lookup shows an example code, and a code of the wrong shape gets a plain message with that example', async () => {
  const page = await openForm(rig);
  await page.getByRole('button', { name: 'Xem kết quả' }).click();
  const input = page.getByLabel('Mã theo dõi');
  await expect(input.getAttribute('placeholder')).resolves.toBe('Ví dụ: HB-7KQ4M2X');
  await input.fill('HB 12345');
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  const err = page.locator('#err-track-code');
  await expect(err.textContent()).resolves.toBe(
    'Mã này chưa đúng. Mã theo dõi trông giống như HB-7KQ4M2X. Xin xem lại mã bạn đã ghi hoặc chụp lại.',
  );
  await expect(input.getAttribute('aria-invalid')).resolves.toBe('true');
  expect(await axeProblems(page)).toEqual([]);
  await page.context().close();
});

browserTest('a send tapped sooner than a person fills the form is held until then and goes once, with no refusal', async () => {
  const page = await openForm(rig, 'KDC02');
  const sends: number[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/__rpc/submitFeedback')) sends.push(Date.now());
  });
  await fillOpinion(page, `Cột điện nghiêng ở đầu ngõ 21 sau trận mưa to (thử gửi quá nhanh ${Date.now()}).`);
  // Well within the server's minimum fill time.
  const tapped = Date.now();
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Đang gửi…', exact: true }).isDisabled()).resolves.toBe(true);
  await page.locator('#view-done:not([hidden])').waitFor({ timeout: 20_000 });
  expect(await page.locator('#retry-msg').isVisible()).toBe(false);
  expect(sends).toHaveLength(1);
  // Held, not sent at once: the send left after the page's minimum fill time.
  expect(sends[0] - tapped).toBeGreaterThan(500);
  await page.context().close();
});

/** Words of `selector`'s text that the browser drew across more than one line. */
async function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((root) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent || '';
      for (const m of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
    return broken;
  });
}

browserTest('on a 360 px screen the done view breaks its lookup link and its code only between words, big text too', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  const page = await context.newPage();
  // A deployed web app's URL, long and unbroken, as doGet puts it into the page.
  await page.route(/\/\?loc=KDC01$/, async (route) => {
    const res = await route.fetch();
    const url = 'https://script.google.com/macros/s/AKfycbExampleDeploymentId0123456789abcdefghijklmnopqrstuv/exec';
    await route.fulfill({ response: res, body: (await res.text()).replace(/"appUrl":"[^"]*"/, `"appUrl":"${url}"`) });
  });
  await page.goto(`${rig.preview.url}/?loc=KDC01`);
  await fillOpinion(page, 'Biển chỉ dẫn ở ngã ba bị che khuất bởi cây, xin cắt tỉa giúp.');
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  const code = (await page.locator('#done-code').textContent())!.trim();
  const link = page.locator('#done-link');
  await expect(link.isVisible()).resolves.toBe(true);
  await expect(link.getAttribute('href')).resolves.toMatch(new RegExp(`/exec\\?track=${code}$`));
  await expect(link.textContent()).resolves.toBe(`Tra cứu ý kiến ${code}`);
  for (const big of [false, true]) {
    if (big) await page.getByRole('button', { name: 'Chữ to: đang tắt' }).click();
    expect(await brokenWords(page, '#done-link-line')).toEqual([]);
    expect(await brokenWords(page, '#done-code')).toEqual([]);
    const right = await page.evaluate(() => document.getElementById('done-link-line')!.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
  expect(await axeProblems(page)).toEqual([]);
  await context.close();
});

browserTest('the emergency numbers are finger-sized targets, and a form no script took over puts nothing in the address', async () => {
  const page = await openForm(rig);
  for (const n of ['113', '114', '115']) {
    const box = (await page.getByRole('link', { name: n, exact: true }).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  await page.context().close();
  // A browser whose script never ran (too old, or switched off): its own submit must not put what was typed into the
  // address, where history and logs keep it.
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, javaScriptEnabled: false });
  const bare = await context.newPage();
  await bare.goto(`${rig.preview.url}/?loc=KDC01`);
  await bare.locator('#content').fill('Nhà bà Lan số 8 ngõ 41 hay mất điện.');
  await bare.locator('#phone').fill('0912345678');
  await Promise.all([bare.waitForEvent('framenavigated').catch(() => undefined), bare.locator('#submit').click()]);
  expect(bare.url()).not.toContain('0912345678');
  expect(decodeURIComponent(bare.url())).not.toContain('Nhà bà Lan');
  await context.close();
});
