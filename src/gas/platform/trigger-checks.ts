/**
 * The check behind the leftover-trigger rule (server/admin/guard.ts): ScriptApp.getProjectTriggers() lists the
 * triggers of the account the execution runs as, and deleteTrigger removes one. A one-off scratch trigger is made,
 * looked for and deleted. That another account's triggers are left out of the list cannot be seen from one account.
 */
import { runCheck, type CheckResult } from '../../core/platform/checks';

/**
 * The scratch trigger's function: a public one with no side effect (a lookup of no code). Should the trigger be left
 * behind, it runs once harmlessly, and the next setup deletes it as a trigger the box does not use.
 */
export const SCRATCH_TRIGGER_HANDLER = 'lookupFeedback';
/** Far enough ahead never to fire while the check runs. */
const SCRATCH_TRIGGER_AFTER_MS = 24 * 3600_000;

export function ownTriggersCheck(): CheckResult {
  return runCheck('script.triggers-own-account', () => {
    const before = ScriptApp.getProjectTriggers().length;
    const made = ScriptApp.newTrigger(SCRATCH_TRIGGER_HANDLER).timeBased().after(SCRATCH_TRIGGER_AFTER_MS).create();
    const uid = made.getUniqueId();
    let listed: boolean;
    try {
      const found = ScriptApp.getProjectTriggers().find((t) => t.getUniqueId() === uid);
      listed = found?.getHandlerFunction() === SCRATCH_TRIGGER_HANDLER;
    } finally {
      ScriptApp.deleteTrigger(made);
    }
    const gone = !ScriptApp.getProjectTriggers().some((t) => t.getUniqueId() === uid);
    const others =
      'Danh sách không có trình kích hoạt do tài khoản khác tạo (như của chủ cũ trước khi bàn giao): theo tài liệu của Google, một tài khoản không tự kiểm tra được điều này (chỉ ghi nhận).';
    if (!listed || !gone) {
      return {
        ok: false,
        detail: `${listed ? 'Trình kích hoạt vừa tạo có trong danh sách' : 'Trình kích hoạt vừa tạo KHÔNG có trong danh sách getProjectTriggers'}; ${gone ? 'đã xóa được' : 'xóa xong vẫn còn trong danh sách (hãy xóa nó ở trang Trình kích hoạt)'}.`,
      };
    }
    return {
      ok: true,
      detail: `Tài khoản này có ${before} trình kích hoạt; trình kích hoạt vừa tạo có trong danh sách và đã xóa được. ${others}`,
    };
  });
}
