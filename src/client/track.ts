/**
 * The track view: the codes this phone sent (one tap shows their status; each or all can be forgotten), and a box to
 * type any tracking code. A lookup shows the status, dates and public reply, nothing else. The code is read exactly
 * as the server reads it (normalizeTrackingCode from the core).
 */
import type { LookupResult } from '../shared/types';
// Pure server modules (no Apps Script globals): the page reads tracking codes exactly as the server does.
import { TRACKING_CODE_LENGTH, isTrackingCode, normalizeTrackingCode } from '../core/intake/tracking-code';
import { LOOKUP_MESSAGES } from '../core/lookup/messages';
import { api } from './api';
import { byId, make } from './dom';
import { formatVnDate, formatVnDateTime } from './format';
import { onShow } from './page';
import { forgetAllSentCodes, forgetSentCode, loadSentCodes } from './sent-codes';
import { boot } from './store';

const trackInput = byId<HTMLInputElement>('track-code');
const trackBtn = byId<HTMLButtonElement>('track-btn');
const trackResult = byId('track-result');
const trackErr = byId('err-track-code');
const savedBox = byId('saved');
const savedList = byId('saved-list');
const savedStatus = byId('saved-status');
const confirmBox = byId('saved-confirm');
const clearBtn = byId<HTMLButtonElement>('saved-clear');

/** The prefix the box gives codes when the page has not seen one of this box's codes yet. */
const DEFAULT_PREFIX = 'HB';
/** Seven symbols from the code alphabet, for the example only. */
const EXAMPLE_SYMBOLS = '7KQ4M2X'.slice(0, TRACKING_CODE_LENGTH);

/**
 * A code shaped like this box's codes: with the prefix of a code the page knows (one this phone sent, or `?track=`),
 * else the box's default prefix.
 */
export function exampleCode(): string {
  const known = loadSentCodes().map((e) => e.code);
  if (isTrackingCode(boot.track)) known.push(boot.track);
  const prefix = known.length ? known[0].slice(0, known[0].indexOf('-')) : DEFAULT_PREFIX;
  return prefix + '-' + EXAMPLE_SYMBOLS;
}

/** Said when what was typed cannot be a code: plainly, with an example of what a code looks like. */
export function formatError(): string {
  return 'Mã này chưa đúng. Mã theo dõi trông giống như ' + exampleCode() + '. Xin xem lại mã bạn đã ghi hoặc chụp lại.';
}

/** Gives a result element focus (and so scrolls it into view) after a lookup started from the list. */
function focusResult(el: HTMLElement) {
  el.tabIndex = -1;
  el.focus();
}

function renderLookup(r: LookupResult | null, moveFocus: boolean) {
  trackResult.textContent = '';
  if (!r || typeof r !== 'object') {
    const box = make('p', 'Không kết nối được máy chủ. Xin kiểm tra mạng rồi bấm “Tra cứu” lần nữa.', 'err box');
    trackResult.appendChild(box);
    if (moveFocus) focusResult(box);
    return;
  }
  if (!r.found) {
    const box = make('p', typeof r.message === 'string' && r.message ? r.message : LOOKUP_MESSAGES.notFound, 'err box');
    box.id = 'track-not-found';
    trackResult.appendChild(box);
    if (moveFocus) focusResult(box);
    return;
  }
  const h = make('h3', 'Kết quả tra cứu');
  trackResult.appendChild(h);
  const dl = make('dl');
  dl.id = 'track-found';
  const row = (label: string, value: string) => {
    dl.appendChild(make('dt', label));
    dl.appendChild(make('dd', value || '—'));
  };
  row('Mã theo dõi', r.trackingCode);
  row('Trạng thái', r.status);
  row('Ngày nhận', formatVnDateTime(r.receivedAt));
  row('Cập nhật lúc', formatVnDateTime(r.updatedAt));
  row('Trả lời của Ủy ban', r.reply || 'Chưa có trả lời.');
  trackResult.appendChild(dl);
  if (moveFocus) focusResult(h);
}

/** Puts a code into the box (from the done view, the list, or `?track=`), without looking it up. */
export function setTrackCode(code: string) {
  trackInput.value = code;
}

/** Looks up the code in the box; `moveFocus` takes the resident to the answer (when the box is not where they are). */
export async function lookup(moveFocus = false) {
  const typed = trackInput.value.trim();
  // The server's own reading of a code: case, spaces and dash look-alikes are forgiven.
  const code = normalizeTrackingCode(typed);
  if (code) trackInput.value = code;
  trackErr.hidden = true;
  trackInput.removeAttribute('aria-invalid');
  if (!code) {
    trackResult.textContent = '';
    trackErr.textContent = typed ? formatError() : 'Xin nhập mã theo dõi.';
    trackErr.hidden = false;
    trackInput.setAttribute('aria-invalid', 'true');
    trackInput.focus();
    return;
  }
  trackBtn.disabled = true;
  trackBtn.textContent = 'Đang tra cứu…';
  trackResult.textContent = '';
  let r: LookupResult | null = null;
  try {
    r = await api.lookupFeedback(code);
  } catch {
    // Shown as "could not reach the server" below.
  }
  trackBtn.disabled = false;
  trackBtn.textContent = 'Tra cứu';
  renderLookup(r, moveFocus);
}

/** The codes this phone sent, newest first: the code and when and where, a tap to look it up, and a way to forget it. */
export function renderSaved() {
  const list = loadSentCodes();
  savedList.textContent = '';
  confirmBox.hidden = true;
  clearBtn.hidden = list.length < 2;
  savedBox.hidden = !list.length;
  trackInput.placeholder = 'Ví dụ: ' + exampleCode();
  for (const e of list) {
    const li = make('li');
    const open = make('button', e.code, 'btn alt');
    open.type = 'button';
    const when = 'Gửi ngày ' + formatVnDate(e.sentAt) + (e.place ? ', ' + e.place : '');
    open.appendChild(make('span', when));
    open.addEventListener('click', () => {
      setTrackCode(e.code);
      savedStatus.textContent = '';
      void lookup(true);
    });
    const forget = make('button', 'Xóa', 'btn alt forget');
    forget.type = 'button';
    // Read as "Xóa mã HB-… khỏi máy này"; only "Xóa" is shown.
    forget.appendChild(make('span', ' mã ' + e.code + ' khỏi máy này', 'vh'));
    forget.addEventListener('click', () => {
      forgetSentCode(e.code);
      renderSaved();
      savedStatus.textContent = 'Đã xóa mã ' + e.code + ' khỏi máy này. Ý kiến vẫn được Ủy ban xử lý; bạn vẫn tra cứu được nếu còn giữ mã.';
      (savedBox.hidden ? trackInput : byId('h-track')).focus();
    });
    li.appendChild(open);
    li.appendChild(forget);
    savedList.appendChild(li);
  }
}

export function initTrackView() {
  byId('track-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void lookup();
  });
  onShow('track', renderSaved);
  clearBtn.addEventListener('click', () => {
    const n = loadSentCodes().length;
    byId('saved-confirm-msg').textContent =
      'Xóa cả ' + n + ' mã khỏi danh sách trên máy này? Các ý kiến đã gửi không bị xóa, nhưng bạn sẽ cần mã đã ghi lại để tra cứu.';
    confirmBox.hidden = false;
    byId('saved-clear-no').focus();
  });
  byId('saved-clear-no').addEventListener('click', () => {
    confirmBox.hidden = true;
    clearBtn.focus();
  });
  byId('saved-clear-yes').addEventListener('click', () => {
    forgetAllSentCodes();
    renderSaved();
    savedStatus.textContent = 'Đã xóa tất cả mã khỏi máy này. Các ý kiến đã gửi vẫn được Ủy ban xử lý.';
    trackInput.focus();
  });
}
