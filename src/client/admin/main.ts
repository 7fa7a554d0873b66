/**
 * The owner's admin page: one button per owner action, with a real input where the action needs an answer (the
 * spreadsheet to adopt, a report period). Each call goes through the typed google.script.run wrapper; the result is
 * shown as text with links, and a refusal or failure is said plainly.
 */
import type { AdminApi, AdminBootData, AdminResult } from '../../shared/types';
import { ServerCallError, callServer } from '../api';
import { byId, make } from '../dom';
import { ACTION_GROUPS, TAKE_OVER_ACTION, type ActionGroup, type ActionInput, type AdminAction } from './actions';
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

type Field = HTMLInputElement | HTMLSelectElement;

async function run(action: AdminAction, fields: readonly { key: string; field: Field }[]): Promise<void> {
  if (action.confirm && !window.confirm(action.confirm)) return;
  for (const b of buttons) b.disabled = true;
  showRunning(action.label);
  const args = fields.length ? [Object.fromEntries(fields.map((f) => [f.key, f.field.value.trim()]))] : [];
  try {
    const value = await callServer<AdminApi, typeof action.fn>(action.fn, args as never, ACTION_TIMEOUT_MS);
    const result = asResult(action.label, value);
    showResult(result);
    if (action.fn === 'verifyPlatform' && (value as { lockLeftHeld?: unknown } | null)?.lockLeftHeld === true) {
      // The run ended holding the script lock: a new execution must find it free (script.lock-at-end). The report
      // stays on screen whatever this second call does.
      let more: AdminResult;
      try {
        more = asResult(
          action.label,
          await callServer<AdminApi, 'verifyPlatform'>('verifyPlatform', [{ phase: 'lock-at-end' }], ACTION_TIMEOUT_MS),
        );
      } catch (e) {
        more = { title: action.label, ok: false, lines: [`script.lock-at-end: ${failureText(action, e)}`] };
      }
      showResult({ ...result, ok: result.ok && more.ok, lines: [...result.lines, ...more.lines] });
    }
  } catch (e) {
    showResult({ title: action.label, ok: false, lines: [failureText(action, e)] });
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

function inputField(action: AdminAction, input: ActionInput): { label: HTMLLabelElement; field: Field } {
  const id = `in-${action.fn}-${input.key}`;
  const label = make('label', input.label);
  label.htmlFor = id;
  let field: Field;
  if (input.choices) {
    const select = make('select');
    for (const c of input.choices) {
      const option = make('option', c.label);
      option.value = c.value;
      select.appendChild(option);
    }
    field = select;
  } else {
    const text = make('input');
    text.type = 'text';
    text.autocomplete = 'off';
    text.placeholder = input.placeholder;
    if (input.prefill === 'defaultPeriod') text.value = boot.defaultPeriod;
    field = text;
  }
  field.id = id;
  return { label, field };
}

function actionCard(action: AdminAction): HTMLElement {
  const card = make('div', undefined, 'action');
  card.appendChild(make('h3', action.label));
  card.appendChild(make('p', action.help));
  const fields: { key: string; field: Field }[] = [];
  for (const input of action.inputs ?? []) {
    const { label, field } = inputField(action, input);
    card.appendChild(label);
    card.appendChild(field);
    fields.push({ key: input.key, field });
  }
  const button = make('button', action.label);
  button.type = 'button';
  button.dataset.fn = action.fn;
  button.addEventListener('click', () => void run(action, fields));
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
