/**
 * The form's draft on the phone: saved half a second after each change (and when the page is hidden), restored
 * when the resident comes back. Photos are never kept in the draft (too heavy); the draft says there were some.
 * The bot-cost work done for the draft's request is kept with it, so a retry sends the same nonce.
 */
import { loadDraft, saveDraft } from '../draft';
import { byId } from '../dom';
import { boot, state } from '../store';
import { cleanMultiline } from '../validate';
import { currentSolution } from './work';
import {
  ALL_KINDS,
  CONTACT_FIELDS,
  categorySel,
  consentEl,
  contentEl,
  elapsed,
  hasContact,
  locationSel,
  readValues,
  snapshot,
  textInput,
} from './fields';

/** Saves the draft at once; false when the phone would not keep it (no storage in this browser or frame). */
export function saveNow(): boolean {
  clearTimeout(state.saveTimer);
  const v = readValues();
  if (!cleanMultiline(v.content) && !hasContact(v) && !state.photos.length && !state.retryPending) {
    return saveDraft(null);
  }
  return saveDraft({
    ...v,
    requestId: state.requestId,
    // The poster's own place comes from the QR again next time; only a place picked from the list is kept.
    location: state.chooseLocation ? v.location : '',
    hadPhotos: state.photos.length > 0 || state.restoredHadPhotos,
    elapsedMs: elapsed(),
    work: workOf(currentSolution()),
    // Never '' (a fingerprint, or null): `||` keeps the script free of `??` lowered for Chrome 70.
    sent: state.sentSnapshot || undefined,
  });
}

function workOf(s: ReturnType<typeof currentSolution>) {
  return s ? { token: s.token, nonce: s.nonce } : undefined;
}

export function scheduleSave() {
  clearTimeout(state.saveTimer);
  state.saveTimer = window.setTimeout(saveNow, 500);
}

export function restoreDraft() {
  const d = loadDraft();
  if (!d) return;
  // A draft sent before (its answer lost, or the page closed while sending) keeps its request, so sending it again
  // gets the code of the row already made. One never sent gets a new request: the same QR page open in a second tab
  // restores it too, and two opinions must not share one request.
  if (d.sent) {
    state.requestId = d.requestId;
    state.sentSnapshot = d.sent;
    if (d.work) state.solution = { requestId: d.requestId, token: d.work.token, nonce: d.work.nonce };
  }
  state.elapsedBase = d.elapsedMs;
  if (state.chooseLocation && boot.locations.some((l) => l.code === d.location)) locationSel.value = d.location;
  if (boot.categories.indexOf(d.category) >= 0) categorySel.value = d.category;
  const kindIdx = ALL_KINDS.indexOf(d.kind);
  if (kindIdx >= 0) byId<HTMLInputElement>('kind-' + kindIdx).checked = true;
  contentEl.value = d.content;
  for (const k of CONTACT_FIELDS) textInput(k).value = d[k];
  consentEl.checked = d.consent;
  const draftNote = byId('draft-note');
  draftNote.textContent = 'Đã khôi phục nội dung bạn nhập dở lần trước.';
  draftNote.hidden = false;
  // Photos never come back with a draft: what was sent with them, text unchanged, is still this opinion.
  if (d.sent && d.sent.split('|')[0] === snapshot().split('|')[0]) state.sentSnapshot = snapshot();
  if (d.hadPhotos) {
    state.restoredHadPhotos = true;
    byId('photo-status').textContent = 'Ảnh bạn chọn lần trước không được lưu cùng bản nháp (ảnh quá nặng). Nếu cần, xin chọn lại ảnh.';
  }
}
