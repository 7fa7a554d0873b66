/**
 * The owner's admin page: one button per owner action, with a real input where the action needs an answer (the
 * spreadsheet to adopt, a report period). Each call goes through the typed google.script.run wrapper; the result is
 * shown as text with links, and a refusal or failure is said plainly.
 */
import type { AdminApi, AdminBootData } from '../../shared/types';
import { ServerCallError, callServer } from '../api';
import { byId, make } from '../dom';
import { ACTION_GROUPS, TAKE_OVER_ACTION, type ActionGroup, type AdminAction } from './actions';
import { asResult, linkElement, showResult, showRunning } from './result-view';

/** An owner action may run up to Apps Script's 6 minutes. */
const ACTION_TIMEOUT_MS = 7 * 60 * 1000;

function readBoot(): AdminBootData {
  const base: AdminBootData = { wardName: '', owner: '', isOwner: true, setUp: false, links: [], defaultPeriod: '', reminders: [] };
  try {
    return { ...base, ...JSON.parse(byId('boot').textContent || '') };
  } catch {
    return base;
  }
}

const boot = readBoot();
const buttons: HTMLButtonElement[] = [];

function failureText(action: AdminAction, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof ServerCallError && e.timedOut) {
    return 'Không nhận được kết quả sau 7 phút. Việc có thể vẫn đang chạy: xem trang "Nhật ký" của bảng tính rồi thử lại.';
  }
  if (/not found|không tìm thấy/i.test(message) && action.fn === 'verifyPlatform') {
    return 'Phiên bản này chưa có chức năng kiểm tra nền tảng.';
  }
  return message || 'Có lỗi không rõ nguyên nhân.';
}

async function run(action: AdminAction, input: HTMLInputElement | null): Promise<void> {
  if (action.confirm && !window.confirm(action.confirm)) return;
  for (const b of buttons) b.disabled = true;
  showRunning(action.label);
  const args = input && action.input ? [{ [action.input.key]: input.value.trim() }] : [];
  try {
    const value = await callServer<AdminApi, typeof action.fn>(action.fn, args as never, ACTION_TIMEOUT_MS);
    showResult(asResult(action.label, value));
  } catch (e) {
    showResult({ title: action.label, ok: false, lines: [failureText(action, e)] });
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

function actionCard(action: AdminAction): HTMLElement {
  const card = make('div', undefined, 'action');
  card.appendChild(make('h3', action.label));
  card.appendChild(make('p', action.help));
  let input: HTMLInputElement | null = null;
  if (action.input) {
    const id = `in-${action.fn}`;
    const label = make('label', action.input.label);
    label.htmlFor = id;
    input = make('input');
    input.id = id;
    input.type = 'text';
    input.autocomplete = 'off';
    input.placeholder = action.input.placeholder;
    if (action.input.prefill === 'defaultPeriod') input.value = boot.defaultPeriod;
    card.appendChild(label);
    card.appendChild(input);
  }
  const button = make('button', action.label);
  button.type = 'button';
  button.dataset.fn = action.fn;
  const field = input;
  button.addEventListener('click', () => void run(action, field));
  buttons.push(button);
  card.appendChild(button);
  return card;
}

function groupSection(group: ActionGroup): HTMLElement {
  const section = make('section', undefined, 'group');
  section.appendChild(make('h2', group.title));
  const grid = make('div', undefined, 'actions');
  for (const action of group.actions) grid.appendChild(actionCard(action));
  section.appendChild(grid);
  return section;
}

function start(): void {
  byId('ward').textContent = boot.wardName;
  byId('owner-line').textContent = boot.owner ? `Chủ sở hữu hòm thư: ${boot.owner}` : 'Hòm thư chưa được cài đặt.';
  const links = byId('box-links');
  for (const link of boot.links) links.appendChild(linkElement(link));
  const notice = byId('notice');
  const groups = byId('groups');
  if (!boot.isOwner) {
    notice.textContent = `Bạn chưa phải chủ sở hữu hòm thư (${boot.owner}). Nếu bạn nhận bàn giao, hãy bấm "Nhận bàn giao hòm thư".`;
    notice.hidden = false;
    groups.appendChild(groupSection({ title: 'Bàn giao', actions: [TAKE_OVER_ACTION] }));
    return;
  }
  const reminders = boot.setUp
    ? boot.reminders
    : ['Hòm thư chưa được cài đặt: bấm "Cài đặt / sửa chữa hòm thư" (để trống ô bảng tính để tạo bảng tính mới).'];
  notice.textContent = reminders.join('\n');
  notice.hidden = reminders.length === 0;
  for (const group of ACTION_GROUPS) groups.appendChild(groupSection(group));
}

start();
