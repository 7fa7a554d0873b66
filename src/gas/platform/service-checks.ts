/**
 * The checks of the script services: the sent-mail searches the pending trigger, the nightly run and erasing by
 * tracking code rely on (and how long a new message takes to show up), trashing a thread, the script lock, cache and
 * property limits with scratch keys only, the bytes Utilities returns, Utilities.gzip's header, Utilities'
 * HMAC-SHA-256 and SHA-256 of UTF-8 text (the bot-cost challenge), and a scratch file's creation date and re-sharing
 * by editors.
 */
import { errorMessage } from '../../core/common/ports';
import { SHA256_ABC_HEX, hexOfBytes, runCheck, secondsText, signedByteRange, type CheckResult } from '../../core/platform/checks';
import { gzipToZlib, parseGzipHeader } from '../../core/posters/gzip';
import { fromSignedBytes, toSignedBytes } from '../../core/posters/png';
import { gmailMailer } from '../services';
import { unzlib } from '../../core/platform/inflate';
import type { Scratch } from './scratch';
import { ON_DEMAND_FILE } from '../on-demand-file';

/** Waits between searches for the sent message: 55 seconds in all, well inside an execution. */
export const SENT_SEARCH_WAITS_MS = [0, 2000, 3000, 5000, 10000, 15000, 20000];

/** Waits between searches for the body word and for the trashed thread to drop out: 7 seconds in all. */
const SHORT_WAITS_MS = [0, 2000, 5000];

export const GMAIL_CHECK_IDS = ['gmail.sent-search', 'gmail.date-search', 'gmail.body-search', 'gmail.trashed-not-found'] as const;

/**
 * One message to the owner's own address, then the searches the box relies on: the pending trigger's own search
 * (gmail.sent-search, and after how long), by send time in epoch seconds with a Vietnamese subject phrase, as the
 * nightly run asks (gmail.date-search), by a word of the body, as erasing by tracking code asks (gmail.body-search).
 * Then the thread is moved to the trash as the nightly run does it and must no longer be found
 * (gmail.trashed-not-found). Whatever happens, the test thread ends in the trash.
 */
export function gmailChecks(scratch: Scratch): CheckResult[] {
  const me = Session.getEffectiveUser().getEmail();
  if (!me) return GMAIL_CHECK_IDS.map((id) => runCheck(id, () => ({ ok: null, detail: 'Không biết địa chỉ email của tài khoản chạy.' })));
  const subject = scratch.name('thư');
  const bodyWord = `NOIDUNG${scratch.token.slice(5)}`;
  const started = Date.now();
  const results: CheckResult[] = [];
  let trashed = 0;
  try {
    let foundMs = -1;
    let searches = 0;
    results.push(
      runCheck('gmail.sent-search', () => {
        gmailMailer.send({
          to: [me],
          subject,
          text: `Thư thử của chức năng kiểm tra nền tảng (${bodyWord}); thư này tự chuyển vào thùng rác.`,
          html: `<p>Thư thử của chức năng kiểm tra nền tảng (${bodyWord}); thư này tự chuyển vào thùng rác.</p>`,
        });
        for (const wait of SENT_SEARCH_WAITS_MS) {
          if (wait) Utilities.sleep(wait);
          searches++;
          // Exactly what the pending trigger asks before sending again (gmailMailer.wasSent).
          if (gmailMailer.wasSent(scratch.token)) {
            foundMs = Date.now() - started;
            break;
          }
        }
        const total = SENT_SEARCH_WAITS_MS.reduce((a, b) => a + b, 0);
        return foundMs >= 0
          ? {
              ok: true,
              detail: `Tìm thấy sau ${secondsText(foundMs)} (lần tìm thứ ${searches}) bằng đúng cách tìm của trình gửi lại email.`,
            }
          : { ok: false, detail: `Sau ${secondsText(total)} và ${searches} lần tìm vẫn chưa thấy thư vừa gửi.` };
      }),
    );
    const notYet = { ok: null, detail: 'Chưa tìm thấy thư thử nên chưa thử được.' };
    results.push(
      runCheck('gmail.date-search', () => {
        if (foundMs < 0) return notYet;
        const count = (dates: string) =>
          GmailApp.search(`in:sent subject:"kiểm tra nền tảng" subject:"${scratch.token}" ${dates}`, 0, 5).length;
        const sec = Math.floor(started / 1000);
        const around = count(`after:${sec - 300} before:${Math.ceil(Date.now() / 1000) + 300}`);
        const earlier = count(`before:${sec - 3600}`);
        return {
          ok: around > 0 && earlier === 0,
          detail:
            `Tìm trong khoảng 5 phút quanh lúc gửi: ${around > 0 ? 'thấy' : 'KHÔNG thấy'}; ` +
            `tìm thư gửi trước đó một giờ: ${earlier === 0 ? 'không thấy (đúng)' : 'VẪN thấy'}.`,
        };
      }),
    );
    results.push(
      runCheck('gmail.body-search', () => {
        if (foundMs < 0) return notYet;
        const found = searchWithWaits(`in:sent "${bodyWord}"`, true);
        return {
          ok: found.ok,
          detail: found.ok
            ? `Chữ trong nội dung thư được tìm thấy sau ${secondsText(found.ms)}.`
            : `Sau ${secondsText(found.ms)} vẫn không tìm thấy thư theo chữ trong nội dung.`,
        };
      }),
    );
  } finally {
    trashed = trashThreads(scratch.token);
  }
  results.push(
    runCheck('gmail.trashed-not-found', () => {
      if (trashed === 0) return { ok: null, detail: `Không tìm thấy thư thử để xóa: hãy xóa thư "${subject}" bằng tay.` };
      const gone = searchWithWaits(`in:sent subject:"${scratch.token}"`, false);
      return {
        ok: gone.ok,
        detail:
          (gone.ok
            ? `Sau khi chuyển vào thùng rác, thư không còn được tìm thấy (${secondsText(gone.ms)}).`
            : `Sau khi chuyển vào thùng rác, thư VẪN được tìm thấy sau ${secondsText(gone.ms)}.`) +
          ` Đã chuyển ${trashed} chuỗi thư thử vào thùng rác.`,
      };
    }),
  );
  return results;
}

/** Searches until the query finds something (`want` true) or nothing (`want` false), with short waits. */
function searchWithWaits(query: string, want: boolean): { ok: boolean; ms: number } {
  const t0 = Date.now();
  for (const wait of SHORT_WAITS_MS) {
    if (wait) Utilities.sleep(wait);
    if (GmailApp.search(query, 0, 5).length > 0 === want) return { ok: true, ms: Date.now() - t0 };
  }
  return { ok: false, ms: Date.now() - t0 };
}

/**
 * MailApp's count of recipients left against a message sent with GmailApp (the box's mailer): the box probes it to
 * share out the day's quota, so both must draw from one pool. Costs one recipient; the thread is trashed.
 */
export function mailQuotaCheck(scratch: Scratch): CheckResult {
  return runCheck('mail.remaining-quota', () => {
    const me = Session.getEffectiveUser().getEmail();
    if (!me) return { ok: null, detail: 'Không biết địa chỉ email của tài khoản chạy.' };
    const before = MailApp.getRemainingDailyQuota();
    if (before < 1) return { ok: null, detail: 'Hôm nay đã hết hạn mức email: hãy chạy lại vào ngày mai.' };
    gmailMailer.send({ to: [me], subject: scratch.name('hạn mức'), text: 'Thư thử hạn mức email; tự chuyển vào thùng rác.', html: '' });
    const after = MailApp.getRemainingDailyQuota();
    trashThreads(scratch.token);
    return {
      ok: before - after === 1,
      detail: `Còn ${before} người nhận trước khi gửi, ${after} sau khi gửi một thư cho một địa chỉ${before - after === 1 ? '' : ' (KHÔNG giảm đúng một)'}.`,
    };
  });
}

/** The test threads, moved to the trash as the nightly run moves old mail (at most 100 at once); one by one if that fails. */
function trashThreads(token: string): number {
  try {
    const threads = GmailApp.search(`subject:"${token}"`, 0, 20);
    if (threads.length === 0) return 0;
    try {
      GmailApp.moveThreadsToTrash(threads);
    } catch {
      for (const t of threads) t.moveToTrash();
    }
    return threads.length;
  } catch {
    return 0;
  }
}

/** getDateCreated of a file this run made: between the run's start and now (a minute's slack either way). */
export function dateCreatedCheck(fileId: string | null, runStarted: number): CheckResult {
  return runCheck('drive.date-created', () => {
    if (!fileId) return { ok: null, detail: 'Không có tệp tạm để thử.' };
    const created = DriveApp.getFileById(fileId).getDateCreated().getTime();
    const ok = created >= runStarted - 60_000 && created <= Date.now() + 60_000;
    const offset = Math.round((created - runStarted) / 1000);
    return {
      ok,
      detail: ok
        ? `Ngày tạo của tệp tạm đúng lúc tạo (${offset} giây sau khi bắt đầu kiểm tra).`
        : `Ngày tạo của tệp tạm lệch ${offset} giây so với lúc bắt đầu kiểm tra: việc xóa báo cáo quá hạn lưu có thể sai.`,
    };
  });
}

export function scriptLockCheck(): CheckResult {
  return runCheck('script.lock', () => {
    const lock = LockService.getScriptLock();
    const started = Date.now();
    if (!lock.tryLock(10000)) return { ok: null, detail: 'Không lấy được khóa trong 10 giây (có thể đang ghi ý kiến): hãy chạy lại sau.' };
    const waited = Date.now() - started;
    const held = lock.hasLock();
    lock.releaseLock();
    const released = !lock.hasLock();
    return {
      ok: held && released,
      detail: `Lấy được sau ${waited} ms; ${held ? 'đang giữ' : 'KHÔNG giữ được'}; ${released ? 'đã nhả' : 'KHÔNG nhả được'}.`,
    };
  });
}

/**
 * The first half of script.lock-at-end: takes the script lock and keeps it, so the execution ends holding it. The
 * admin page then calls scriptLockReleasedCheck in a second execution. True when the lock was taken.
 */
export function leaveScriptLockHeld(): boolean {
  try {
    return LockService.getScriptLock().tryLock(10000);
  } catch {
    return false;
  }
}

/** Waits at most this long for the lock the previous execution ended holding. */
export const LOCK_AT_END_WAIT_MS = 5000;

/**
 * The second half, in a new execution: the lock the previous one ended holding must be free (an execution stopped
 * before its own release, at the 6-minute limit or by an error outside its guards, must not close the box).
 */
export function scriptLockReleasedCheck(): CheckResult {
  return runCheck('script.lock-at-end', () => {
    const lock = LockService.getScriptLock();
    const started = Date.now();
    const got = lock.tryLock(LOCK_AT_END_WAIT_MS);
    const waited = Date.now() - started;
    if (got) lock.releaseLock();
    return {
      ok: got,
      detail: got
        ? `Lần chạy trước kết thúc khi đang giữ khóa; lần chạy này lấy được khóa sau ${waited} ms.`
        : `Khóa vẫn bị giữ ${LOCK_AT_END_WAIT_MS / 1000} giây sau khi lần chạy giữ nó đã kết thúc: ý kiến gửi đến sẽ phải chờ. Hãy báo cho người phát triển.`,
    };
  });
}

/**
 * This check runs in the code Code.js read from OnDemand.html: that it runs at all says HtmlService gave the file back
 * as pushed (Code.js compares its checksum before evaluating it). What it adds is whether a stack frame of that code
 * names the file, as its sourceURL comment asks, so an error there reads "OnDemand:line" in the execution log.
 */
export function onDemandCodeCheck(): CheckResult {
  return runCheck('script.on-demand-code', () => {
    const stack = new Error('platform check').stack ?? '';
    const frame = stack.split('\n').find((l) => /^\s*at /.test(l)) ?? '';
    const named = frame.includes(ON_DEMAND_FILE);
    return {
      ok: named,
      detail: named
        ? `Đọc và chạy được tệp ${ON_DEMAND_FILE}; lỗi trong đó ghi vị trí "${frame.trim().slice(0, 120)}".`
        : `Đọc và chạy được tệp ${ON_DEMAND_FILE}, nhưng lỗi trong đó không ghi tên tệp ("${frame.trim().slice(0, 120)}"): nhật ký lỗi sẽ khó tìm chỗ hơn.`,
    };
  });
}

/** Prefix of every scratch key: never a key the box uses. */
export const SCRATCH_KEY_PREFIX = 'platform-check-scratch:';

const CACHE_VALUE_MAX = 100 * 1024;
const CACHE_KEY_MAX = 250;
const PROPERTY_VALUE_MAX = 9 * 1024;

function refused(f: () => void): { refused: boolean; message: string } {
  try {
    f();
    return { refused: false, message: '' };
  } catch (e) {
    return { refused: true, message: errorMessage(e) };
  }
}

/**
 * The cache limits, probed in the owner's user cache: the same Cache class as the script cache the box uses, but
 * a different store, so a scratch entry can never evict or overwrite one of the box's entries.
 */
export function cacheLimitsCheck(scratch: Scratch): CheckResult {
  return runCheck('cache.limits', () => {
    const cache = CacheService.getUserCache();
    if (!cache) return { ok: null, detail: 'Không có bộ nhớ đệm người dùng.' };
    const key = `${SCRATCH_KEY_PREFIX}${scratch.token}`;
    const longKey = key + 'k'.repeat(CACHE_KEY_MAX + 1 - key.length);
    const pairKey = `${key}:2`;
    if (cache.get(key) !== null) return { ok: null, detail: 'Khóa thử đã có giá trị: không ghi đè.' };
    const full = 'x'.repeat(CACHE_VALUE_MAX);
    try {
      const put = refused(() => cache.put(key, full, 120));
      const roundTrip = !put.refused && cache.get(key) === full;
      const over = refused(() => cache.put(key, full + 'x', 120));
      const longKeyPut = refused(() => cache.put(longKey, '1', 120));
      // The hourly refresh stores the shared replies and the known codes in one putAll: two large values in a call.
      const pair = refused(() => cache.putAll({ [key]: full, [pairKey]: full }, 120));
      const both = !pair.refused && cache.get(key) === full && cache.get(pairKey) === full;
      const ok = roundTrip && over.refused && longKeyPut.refused && both;
      return {
        ok,
        detail:
          `Giá trị ${CACHE_VALUE_MAX} byte: ${roundTrip ? 'lưu và đọc lại đúng' : put.refused ? `bị từ chối (${put.message})` : 'đọc lại sai'}; ` +
          `${CACHE_VALUE_MAX + 1} byte: ${over.refused ? 'bị từ chối' : 'VẪN lưu được'}; ` +
          `khóa ${CACHE_KEY_MAX + 1} ký tự: ${longKeyPut.refused ? 'bị từ chối' : 'VẪN lưu được'}; ` +
          `hai giá trị ${CACHE_VALUE_MAX} byte trong một putAll: ${both ? 'lưu và đọc lại đúng' : pair.refused ? `bị từ chối (${pair.message})` : 'đọc lại sai'}.`,
      };
    } finally {
      cache.remove(key);
      cache.remove(longKey);
      cache.remove(pairKey);
    }
  });
}

/** The property value limit, with one scratch script property (deleted after; never one the box uses). */
export function propertiesLimitsCheck(scratch: Scratch): CheckResult {
  return runCheck('properties.limits', () => {
    const props = PropertiesService.getScriptProperties();
    const key = `${SCRATCH_KEY_PREFIX}${scratch.token}`;
    if (props.getProperty(key) !== null) return { ok: null, detail: 'Khóa thử đã có giá trị: không ghi đè.' };
    const full = 'x'.repeat(PROPERTY_VALUE_MAX);
    try {
      const put = refused(() => props.setProperty(key, full));
      const roundTrip = !put.refused && props.getProperty(key) === full;
      const over = refused(() => props.setProperty(key, full + 'x'));
      // The configuration's snapshot is written in parts by one setProperties(values, false): the others stay.
      props.setProperties({ [`${key}:1`]: 'một', [`${key}:2`]: 'hai' }, false);
      const all = props.getProperties();
      const several = all[`${key}:1`] === 'một' && all[`${key}:2`] === 'hai' && all[key] !== undefined;
      return {
        ok: roundTrip && over.refused && several,
        detail:
          `Giá trị ${PROPERTY_VALUE_MAX} byte: ${roundTrip ? 'lưu và đọc lại đúng' : put.refused ? `bị từ chối (${put.message})` : 'đọc lại sai'}; ` +
          `${PROPERTY_VALUE_MAX + 1} byte: ${over.refused ? 'bị từ chối' : 'VẪN lưu được'}; ` +
          `setProperties nhiều khóa một lần: ${several ? 'ghi đủ, giữ nguyên khóa khác' : 'KHÔNG như mong đợi'}.`,
      };
    } finally {
      props.deleteProperty(key);
      props.deleteProperty(`${key}:1`);
      props.deleteProperty(`${key}:2`);
    }
  });
}

export function signedBytesCheck(): CheckResult {
  return runCheck('utilities.signed-bytes', () => {
    const digest = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'abc');
    const range = signedByteRange(digest);
    const hexOk = hexOfBytes(digest) === SHA256_ABC_HEX;
    const sample = [-1, -128, 0, 127];
    const blobBytes = Utilities.newBlob(sample).getBytes();
    const blobOk = blobBytes.length === sample.length && sample.every((b, i) => blobBytes[i] === b);
    const decoded = Utilities.base64Decode('/4B/');
    const decodedOk = decoded.length === 3 && decoded[0] === -1 && decoded[1] === -128 && decoded[2] === 127;
    const ok = range.allInRange && range.anyNegative && hexOk && blobOk && decodedOk;
    return {
      ok,
      detail:
        `SHA-256("abc"): ${range.allInRange ? 'byte trong -128..127' : 'có byte ngoài -128..127'}${range.anyNegative ? ', có byte âm' : ', không có byte âm'}, ` +
        `${hexOk ? 'khớp mẫu chuẩn sau & 0xff' : `KHÔNG khớp mẫu chuẩn (${hexOfBytes(digest)})`}; ` +
        `newBlob/getBytes: ${blobOk ? 'giữ byte có dấu' : `được ${JSON.stringify(blobBytes)}`}; ` +
        `base64Decode: ${decodedOk ? 'byte có dấu' : `được ${JSON.stringify(decoded)}`}.`,
    };
  });
}

export function gzipHeaderCheck(): CheckResult {
  return runCheck('utilities.gzip-header', () => {
    const input = new Uint8Array(4096);
    for (let i = 0; i < input.length; i++) input[i] = i % 64 < 48 ? 0xff : (i * 31) & 0xff;
    const blob = Utilities.newBlob(toSignedBytes(input), 'application/octet-stream', 'hom-thu-kiem-tra.bin');
    const gz = fromSignedBytes(Utilities.gzip(blob).getBytes());
    let header;
    try {
      header = parseGzipHeader(gz);
    } catch (e) {
      return { ok: false, detail: `Không phải gzip RFC 1952: ${errorMessage(e)} (byte đầu: ${hexOfBytes(gz.subarray(0, 10))}).` };
    }
    const out = unzlib(gzipToZlib(gz, input));
    const same = out.length === input.length && out.every((b, i) => b === input[i]);
    const flag = (on: boolean) => (on ? 'có' : 'không');
    return {
      ok: same,
      detail:
        `Phương thức ${header.method}, FLG 0x${header.flags.toString(16).padStart(2, '0')} ` +
        `(FNAME ${header.name === null ? 'không' : `có: "${header.name}"`}, FEXTRA ${flag(header.extra)}, FCOMMENT ${flag(header.comment !== null)}, ` +
        `FHCRC ${flag(header.headerCrc)}), OS ${header.os}, dữ liệu từ byte ${header.dataStart}; ` +
        `${input.length} byte → ${gz.length} byte gzip; chuyển sang zlib rồi giải nén ${same ? 'ra đúng dữ liệu' : 'SAI dữ liệu'}.`,
    };
  });
}

/** setShareableByEditors(false) on a scratch file, read back from a fresh handle. */
export function shareableByEditorsCheck(fileId: string | null): CheckResult {
  return runCheck('drive.shareable-by-editors', () => {
    if (!fileId) return { ok: null, detail: 'Không có tệp tạm để thử.' };
    DriveApp.getFileById(fileId).setShareableByEditors(false);
    const now = DriveApp.getFileById(fileId).isShareableByEditors();
    return {
      ok: now === false,
      detail:
        now === false
          ? 'Sau setShareableByEditors(false), người chỉnh sửa không chia sẻ lại được.'
          : 'Người chỉnh sửa VẪN chia sẻ lại được.',
    };
  });
}
