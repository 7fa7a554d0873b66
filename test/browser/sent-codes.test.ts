/**
 * The codes a phone sent, in Debian's Chromium at 360×640: kept after a send (code, date, place; never the text),
 * listed in "Xem kết quả" after a reload, one tap shows the status, each or all can be forgotten. The done view still
 * asks for the code to be copied or photographed, and says why; a phone that keeps nothing still sends and looks up.
 */
import type { Page } from 'playwright-core';
import {
  HUMAN_DELAY_MS,
  axeProblems,
  browserTest,
  fillOpinion,
  openForm,
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

const KEY = 'homthu.sent.v1';

async function send(page: Page, content: string): Promise<string> {
  await fillOpinion(page, content);
  await page.waitForTimeout(HUMAN_DELAY_MS);
  await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
  await page.locator('#view-done:not([hidden])').waitFor();
  return (await page.locator('#done-code').textContent())!.trim();
}

/** Today as dd/MM/yyyy in Vietnam time. */
function todayVn(): string {
  const d = new Date(Date.now() + 7 * 3600 * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

async function seed(page: Page, code: string, place: string): Promise<void> {
  await page.evaluate(
    ([key, entry]) => {
      const list = JSON.parse(localStorage.getItem(key) || '[]');
      list.push(JSON.parse(entry));
      localStorage.setItem(key, JSON.stringify(list));
    },
    [KEY, JSON.stringify({ code, sentAt: Date.UTC(2026, 0, 5, 3), place })],
  );
}

browserTest('a sent code is kept on the phone: listed after a reload, one tap shows its status, each or all can be forgotten', async () => {
  const page = await openForm(rig, 'KDC01');
  const content = `Rác thải xây dựng đổ trộm ở đầu ngõ 7 (thử mã đã gửi ${Date.now()}).`;
  const code = await send(page, content);

  // The done view asks for the code to be kept apart, and says the list on the phone can be lost.
  const note = page.locator('#done-keep');
  await expect(note.textContent()).resolves.toMatch(/chép lại hoặc chụp màn hình mã này/);
  await expect(page.locator('#done-saved').isVisible()).resolves.toBe(true);
  await expect(page.locator('#done-saved').textContent()).resolves.toMatch(/có thể mất.*dùng chung máy/);
  await expect(page.locator('#done-not-saved').isHidden()).resolves.toBe(true);

  // Only the code, the date and the place are kept: never what was written.
  const stored = (await page.evaluate((k) => localStorage.getItem(k), KEY))!;
  expect(stored).toContain(code);
  expect(stored).not.toContain('Rác thải');
  const kept = JSON.parse(stored) as Record<string, unknown>[];
  expect(Object.keys(kept[0]).sort()).toEqual(['code', 'place', 'sentAt']);

  await seed(page, 'HB-ABCDEFG', 'Trụ sở phường');
  await page.reload();
  await page.getByRole('button', { name: 'Xem kết quả' }).click();
  const items = page.locator('#saved-list li');
  await expect(items.count()).resolves.toBe(2);
  await expect(items.nth(0).textContent()).resolves.toContain(code);
  await expect(items.nth(0).textContent()).resolves.toContain(`Gửi ngày ${todayVn()}, Nhà văn hóa khu dân cư số 1`);
  await expect(items.nth(1).textContent()).resolves.toContain('Gửi ngày 05/01/2026, Trụ sở phường');
  expect(await axeProblems(page)).toEqual([]);

  // One tap: the status, with focus taken to it.
  await page.getByRole('button', { name: new RegExp(`^${code}`) }).click();
  await page.locator('#track-found').waitFor();
  await expect(page.locator('#track-found').textContent()).resolves.toContain(code);
  await expect(page.locator('#track-found').textContent()).resolves.toContain('Mới');
  await expect(page.evaluate(() => document.activeElement && document.activeElement.textContent)).resolves.toBe('Kết quả tra cứu');

  // Forget one: the other stays, and the resident is told the opinion itself is not deleted.
  await page.getByRole('button', { name: 'Xóa mã HB-ABCDEFG khỏi máy này' }).click();
  await expect(items.count()).resolves.toBe(1);
  await expect(page.locator('#saved-status').textContent()).resolves.toMatch(/Đã xóa mã HB-ABCDEFG.*vẫn được Ủy ban xử lý/);
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).not.toContain('HB-ABCDEFG');

  // Forget all, after saying yes.
  await seed(page, 'HB-HJKMNPQ', 'Nhà văn hóa khu dân cư số 2');
  await page.getByRole('button', { name: 'Viết ý kiến' }).click();
  await page.getByRole('button', { name: 'Xem kết quả' }).click();
  await expect(items.count()).resolves.toBe(2);
  await page.getByRole('button', { name: 'Xóa tất cả mã khỏi máy này' }).click();
  await expect(page.locator('#saved-confirm-msg').textContent()).resolves.toMatch(/Xóa cả 2 mã/);
  await page.getByRole('button', { name: 'Không xóa' }).click();
  await expect(items.count()).resolves.toBe(2);
  await page.getByRole('button', { name: 'Xóa tất cả mã khỏi máy này' }).click();
  await page.getByRole('button', { name: 'Xóa tất cả', exact: true }).click();
  await expect(page.locator('#saved').isHidden()).resolves.toBe(true);
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBeNull();
  await page.reload();
  await page.getByRole('button', { name: 'Xem kết quả' }).click();
  await expect(page.locator('#saved').isHidden()).resolves.toBe(true);
  await page.context().close();
});

browserTest(
  'a phone that keeps nothing (storage throws) still sends and looks up, and the done view says the code was not kept',
  async () => {
    const page = await openFormWithoutStorage(rig, 'KDC02');
    const context = page.context();
    const code = await send(page, `Đèn đường ngõ 4 chập chờn cả tuần nay (thử bộ nhớ bị chặn ${Date.now()}).`);
    await expect(page.locator('#done-not-saved').isVisible()).resolves.toBe(true);
    await expect(page.locator('#done-saved').isHidden()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Tra cứu ý kiến này' }).click();
    await page.locator('#track-found').waitFor();
    await expect(page.locator('#track-found').textContent()).resolves.toContain(code);
    await expect(page.locator('#saved').isHidden()).resolves.toBe(true);
    await context.close();
  },
);
