/**
 * The track view: a resident types a tracking code and sees the status, dates and public reply, nothing else.
 * The code is read exactly as the server reads it (normalizeTrackingCode from the core).
 */
import type { LookupResult } from '../shared/types';
// Pure server modules (no Apps Script globals): the page reads tracking codes exactly as the server does.
import { normalizeTrackingCode } from '../core/intake/tracking-code';
import { LOOKUP_MESSAGES } from '../core/lookup/lookup';
import { api } from './api';
import { byId, make } from './dom';
import { formatVnDateTime } from './format';

const trackInput = byId<HTMLInputElement>('track-code');
const trackBtn = byId<HTMLButtonElement>('track-btn');
const trackResult = byId('track-result');
const trackErr = byId('err-track-code');

function renderLookup(r: LookupResult | null) {
  trackResult.textContent = '';
  if (!r || typeof r !== 'object') {
    trackResult.appendChild(make('p', 'Không kết nối được máy chủ. Xin kiểm tra mạng rồi bấm “Tra cứu” lần nữa.', 'err box'));
    return;
  }
  if (!r.found) {
    const box = make('p', typeof r.message === 'string' && r.message ? r.message : LOOKUP_MESSAGES.notFound, 'err box');
    box.id = 'track-not-found';
    trackResult.appendChild(box);
    return;
  }
  trackResult.appendChild(make('h3', 'Kết quả tra cứu'));
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
}

/** Puts a code into the box (from the done view, or `?track=`), without looking it up. */
export function setTrackCode(code: string) {
  trackInput.value = code;
}

export async function lookup() {
  const typed = trackInput.value.trim();
  // The server's own reading of a code: case, spaces and dash look-alikes are forgiven.
  const code = normalizeTrackingCode(typed);
  if (code) trackInput.value = code;
  trackErr.hidden = true;
  trackInput.removeAttribute('aria-invalid');
  if (!code) {
    trackResult.textContent = '';
    trackErr.textContent = typed ? LOOKUP_MESSAGES.invalid : 'Xin nhập mã theo dõi.';
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
  renderLookup(r);
}

export function initTrackView() {
  byId('track-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void lookup();
  });
}
