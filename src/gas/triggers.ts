/**
 * The project's installable triggers, each installed exactly once by setup under the owner's account: the pending
 * email retry, the edit trigger of the box's spreadsheet (a standalone script's forSpreadsheet(id).onEdit()), the
 * weekly digest, the nightly purge, the hourly public results and statistics, and the daily check for the monthly
 * report: six of the 20 triggers Apps Script allows per user and script.
 */
import type { BoxConfig } from '../core/config/config';
import { errorMessage } from '../core/common/ports';
import { CONTINUE_HANDLER } from './posters/poster-store';
import { SCRATCH_TRIGGER_HANDLER } from './platform/trigger-checks';

/** Apps Script's limit of triggers per user per script. */
export const MAX_TRIGGERS = 20;

/** The project's recurring triggers: handler name → how to build it. */
export interface TriggerSpec {
  handler: string;
  describe: string;
  create: (spreadsheetId: string, config: BoxConfig) => void;
}

export const TRIGGERS: TriggerSpec[] = [
  {
    handler: 'sendPendingEmails',
    describe: 'gửi lại email chờ gửi mỗi 15 phút',
    create: () => void ScriptApp.newTrigger('sendPendingEmails').timeBased().everyMinutes(15).create(),
  },
  {
    handler: 'onStaffEdit',
    describe: 'ghi "Cập nhật lúc", cấp mã cho dòng nhập tay và gửi trả lời khi cán bộ sửa bảng tính',
    create: (id) => void ScriptApp.newTrigger('onStaffEdit').forSpreadsheet(id).onEdit().create(),
  },
  {
    handler: 'sendWeeklyDigest',
    describe: 'gửi tổng hợp tuần',
    create: (_id, config) =>
      void ScriptApp.newTrigger('sendWeeklyDigest')
        .timeBased()
        .onWeekDay(ScriptApp.WeekDay[config.digestWeekday as keyof typeof ScriptApp.WeekDay])
        .atHour(config.digestHour)
        .create(),
  },
  {
    handler: 'purgeExpiredPersonalData',
    describe: 'xóa thông tin cá nhân quá hạn lưu và kiểm tra vùng bảo vệ mỗi đêm',
    create: () => void ScriptApp.newTrigger('purgeExpiredPersonalData').timeBased().everyDays(1).atHour(2).create(),
  },
  {
    handler: 'refreshPublicResults',
    describe: 'cập nhật trang kết quả công khai và trang Thống kê mỗi giờ',
    create: () => void ScriptApp.newTrigger('refreshPublicResults').timeBased().everyHours(1).create(),
  },
  {
    handler: 'buildMonthlyReport',
    describe: 'tự lập báo cáo tháng trước vào ngày làm việc đầu tiên của tháng và gửi đường dẫn cho Ban Thường trực',
    // Daily: only the run on the first working day (holidays of Cấu hình included) builds anything.
    create: () => void ScriptApp.newTrigger('buildMonthlyReport').timeBased().everyDays(1).atHour(6).create(),
  },
];

export const PROP_DIGEST_SCHEDULE = 'DIGEST_SCHEDULE';

/** One-off triggers another room installs and deletes itself (the poster job's next step): setup leaves them be. */
const ONE_OFF_HANDLERS: readonly string[] = [CONTINUE_HANDLER];

/**
 * Deletes the owner's triggers that should not be there: a second one for the same function (two setups at once, a
 * trigger added by hand) does the work twice, and one for a function the box no longer has fails on every run. Both
 * count against the 20 allowed. Returns the triggers kept.
 */
function dropExtraTriggers(triggers: GoogleAppsScript.Script.Trigger[], changes: string[]): GoogleAppsScript.Script.Trigger[] {
  const kept: GoogleAppsScript.Script.Trigger[] = [];
  for (const t of triggers) {
    const handler = t.getHandlerFunction();
    const spec = TRIGGERS.find((s) => s.handler === handler);
    if (ONE_OFF_HANDLERS.includes(handler) || (spec && !kept.some((k) => k.getHandlerFunction() === handler))) {
      kept.push(t);
      continue;
    }
    ScriptApp.deleteTrigger(t);
    changes.push(
      spec
        ? `Xóa trình kích hoạt trùng (${spec.describe}): mỗi việc chỉ cần một trình kích hoạt.`
        : handler === SCRATCH_TRIGGER_HANDLER
          ? // The function is still there: a scratch trigger of a platform check stopped before it deleted it.
            `Xóa trình kích hoạt tạm còn sót lại của bước "Kiểm tra nền tảng" (hàm "${handler}").`
          : `Xóa trình kích hoạt của hàm "${handler}": hòm thư không còn hàm này.`,
    );
  }
  return kept;
}

/**
 * Installs each of the project's triggers exactly once. Apps Script cannot tell a trigger's weekday or hour, so the
 * digest's schedule is remembered in a property; when Cấu hình changes it, the digest trigger is made again. An edit
 * trigger of another spreadsheet (the box moved to a new one) is replaced; duplicates and triggers of functions the
 * box no longer has are deleted. A trigger that cannot be made does not stop the others: returns what to tell the
 * owner about those (null when every trigger is in place), with what to do when the account's limit is full.
 */
export function ensureTriggers(spreadsheetId: string, config: BoxConfig, changes: string[]): string | null {
  const props = PropertiesService.getScriptProperties();
  const triggers = dropExtraTriggers(ScriptApp.getProjectTriggers(), changes);
  const existing = triggers.map((t) => t.getHandlerFunction());
  const digestSchedule = `${config.digestWeekday}@${config.digestHour}`;
  const recorded = props.getProperty(PROP_DIGEST_SCHEDULE);
  const drop = (handler: string, line: string) => {
    for (const t of triggers) if (t.getHandlerFunction() === handler) ScriptApp.deleteTrigger(t);
    while (existing.includes(handler)) existing.splice(existing.indexOf(handler), 1);
    changes.push(line);
  };
  if (existing.includes('sendWeeklyDigest') && recorded !== digestSchedule) {
    drop('sendWeeklyDigest', 'Lịch gửi tổng hợp tuần đã đổi trong Cấu hình: cài lại trình kích hoạt.');
  }
  const edit = triggers.filter((t) => t.getHandlerFunction() === 'onStaffEdit');
  if (edit.length && edit.some((t) => t.getTriggerSourceId() !== spreadsheetId)) {
    drop('onStaffEdit', 'Trình kích hoạt sửa bảng tính đang gắn với bảng tính khác: cài lại cho bảng tính của hòm thư.');
  }
  const missing: string[] = [];
  let limitFull = false;
  for (const spec of TRIGGERS) {
    if (existing.includes(spec.handler)) continue;
    try {
      spec.create(spreadsheetId, config);
      existing.push(spec.handler);
      changes.push(`Cài trình kích hoạt: ${spec.describe}.`);
    } catch (err) {
      const message = errorMessage(err);
      missing.push(`Chưa cài được trình kích hoạt (${spec.describe}): ${message}.`);
      limitFull ||= /too many triggers/i.test(message) || existing.length >= MAX_TRIGGERS;
    }
  }
  if (recorded !== digestSchedule) props.setProperty(PROP_DIGEST_SCHEDULE, digestSchedule);
  if (!missing.length) return null;
  // Apps Script allows 20 triggers per user per script; the box's own are only six of them.
  const advice = limitFull
    ? `Tài khoản này đã dùng hết ${MAX_TRIGGERS} trình kích hoạt mà Apps Script cho phép một tài khoản trong một dự án: hãy xóa các trình kích hoạt không dùng của tài khoản này ở trang Trình kích hoạt trong trình soạn thảo Apps Script, rồi bấm lại "Cài đặt / sửa chữa hòm thư".`
    : 'Hãy bấm lại "Cài đặt / sửa chữa hòm thư" sau ít phút.';
  return [...missing, advice].join(' ');
}
