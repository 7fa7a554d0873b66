/**
 * The form's fields: the place (from the poster, or picked from the list), category, kind, text and contact
 * fields; reading them into the payload the server receives, the character counter and the send/retry buttons.
 */
import { FEEDBACK_KINDS, LIMITS, PETITION_KIND, PHOTO_LIMITS } from '../../shared/types';
import type { BootData, FeedbackPayload } from '../../shared/types';
import { newRequestId, type FormValues } from '../draft';
import { byId, make } from '../dom';
import type { ReadyPhoto } from '../photos';
import { boot, state } from '../store';
import { cleanLine, cleanMultiline, contentLength } from '../validate';
import { fnv1a } from '../../shared/fnv';

export const CONTACT_FIELDS = ['name', 'phone', 'email', 'address'] as const;
export const ALL_KINDS: string[] = [...FEEDBACK_KINDS, PETITION_KIND];
export const PICK_LOCATION = 'Xin bạn chọn nơi (tổ dân phố, trụ sở) mà ý kiến của bạn nói đến.';
/** The server wants a place although the page had none to offer: places were ticked again since it was opened. */
export const RELOAD_FOR_PLACES =
  'Danh sách địa điểm vừa được cập nhật. Vui lòng tải lại trang rồi chọn nơi góp ý; nội dung bạn đã nhập vẫn được giữ trên máy.';

export const form = byId<HTMLFormElement>('feedback-form');
export const locationSel = byId<HTMLSelectElement>('location');
export const categorySel = byId<HTMLSelectElement>('category');
export const contentEl = byId<HTMLTextAreaElement>('content');
const countEl = byId('content-count');
export const consentEl = byId<HTMLInputElement>('consent');
export const honeypot = byId<HTMLInputElement>('website');
export const submitBtn = byId<HTMLButtonElement>('submit');
const retryBox = byId('retry-box');
const petitionNotice = byId('petition-notice');
/** Every field after the kind: set aside (disabled, content kept) while a petition is chosen. */
const opinionFields = byId<HTMLFieldSetElement>('opinion-fields');
const kindGroup = byId<HTMLFieldSetElement>('kind-group');
export const textInput = (id: string) => byId<HTMLInputElement>(id);

function addOptions(sel: HTMLSelectElement, items: { value: string; label: string }[]) {
  for (const it of items) {
    const o = make('option', it.label);
    o.value = it.value;
    sel.appendChild(o);
  }
}

/** Shows the list of places to pick from (at start, or later when the server refuses the poster's place). */
export function openLocationChooser(notice: string, places: BootData['locations']) {
  state.chooseLocation = true;
  byId('location-line').hidden = true;
  byId('location-field').hidden = false;
  byId('location-notice').textContent = notice;
  locationSel.length = 1;
  addOptions(
    locationSel,
    places.map((l) => ({ value: l.code, label: l.name })),
  );
  locationSel.required = true;
}

/** The place, the categories and the kinds as boot gives them (no place at all when the box has none). */
export function initFields() {
  byId('photo-max').textContent = String(PHOTO_LIMITS.maxCount);
  if (state.chooseLocation) {
    openLocationChooser(
      boot.unknownLocation
        ? 'Không nhận ra nơi đặt mã QR bạn vừa quét. Xin bạn chọn nơi gần nhất trong danh sách dưới đây.'
        : PICK_LOCATION,
      boot.locations,
    );
  } else if (boot.location) {
    byId('location-line').hidden = false;
    byId('location-name').textContent = boot.location.name;
  }
  addOptions(
    categorySel,
    boot.categories.map((c) => ({ value: c, label: c })),
  );
  if (boot.categories.length) categorySel.required = true;

  const kindBox = byId('kind-options');
  ALL_KINDS.forEach((k, i) => {
    const input = make('input');
    input.type = 'radio';
    input.name = 'kind';
    input.id = 'kind-' + i;
    input.value = k;
    input.checked = i === 0;
    const label = make('label');
    label.htmlFor = input.id;
    label.appendChild(input);
    label.appendChild(document.createTextNode(k));
    kindBox.appendChild(label);
  });
}

export const elapsed = () => Math.round(state.elapsedBase + Date.now() - state.shownAt);

export function checkedKind(): string {
  const r = form.querySelector<HTMLInputElement>('input[name="kind"]:checked');
  return r ? r.value : '';
}

export function readValues(): FormValues {
  return {
    location: state.chooseLocation ? locationSel.value : boot.location ? boot.location.code : '',
    category: categorySel.value,
    kind: checkedKind(),
    content: contentEl.value,
    name: textInput('name').value,
    phone: textInput('phone').value,
    email: textInput('email').value,
    address: textInput('address').value,
    consent: consentEl.checked,
  };
}

/** The name of a place the resident may send about, as the page shows it ('' when unknown). */
export function placeName(code: string): string {
  const all = boot.location ? [boot.location, ...boot.locations] : boot.locations;
  const hit = all.filter((l) => l.code === code)[0];
  return hit ? hit.name : '';
}

export const hasContact = (v: FormValues) => CONTACT_FIELDS.some((k) => cleanLine(v[k]) !== '');

export function buildPayload(v: FormValues = readValues()): FeedbackPayload {
  const p: FeedbackPayload = {
    requestId: state.requestId,
    location: v.location,
    category: v.category,
    kind: v.kind,
    content: cleanMultiline(v.content),
    consent: v.consent,
    website: honeypot.value,
    elapsedMs: elapsed(),
  };
  for (const k of CONTACT_FIELDS) {
    const s = cleanLine(v[k]);
    if (s) p[k] = s;
  }
  if (state.photos.length)
    p.photos = state.photos.map((ph, i) => ({
      name: 'anh-' + (i + 1) + '.jpg',
      type: 'image/jpeg',
      dataBase64: ph.dataUrl.slice(ph.dataUrl.indexOf(',') + 1),
    }));
  return p;
}

// ---- Counter, kind ----
export function updateCount() {
  const n = contentLength(contentEl.value);
  countEl.textContent = n + '/' + LIMITS.contentMax;
  countEl.classList.toggle('over', n > LIMITS.contentMax);
}

/**
 * The buttons and the petition state: with "Khiếu nại, tố cáo" chosen, the guidance shows, the other fields are set
 * aside (disabled, their content kept) and there is nothing to send, until another kind is chosen. While a send is on
 * its way every field waits for its answer: words typed then would be in neither this send nor the form it leaves.
 */
export function updateButtons() {
  const petition = checkedKind() === PETITION_KIND;
  petitionNotice.hidden = !petition;
  opinionFields.disabled = petition || state.sending;
  kindGroup.disabled = locationSel.disabled = state.sending;
  submitBtn.hidden = petition || state.retryPending;
  retryBox.hidden = petition || !state.retryPending;
}

// ---- Edits after a send ----

/** Two FNV-1a lanes and the length: what the draft keeps of a sent form instead of its words. */
function fingerprint(s: string): string {
  return fnv1a(s, 0x811c9dc5).toString(36) + '.' + fnv1a(s, 0x050c5d1f).toString(36) + '.' + s.length;
}

/** A cheap fingerprint of a prepared photo: its size and a hash of every 61st character of its base64. */
function photoPrint(p: ReadyPhoto): string {
  let h = 0;
  for (let i = p.dataUrl.length - 1; i >= 0; i -= 61) h = (Math.imul(h, 31) + p.dataUrl.charCodeAt(i)) | 0;
  return p.bytes + ':' + h;
}

/**
 * Everything the resident can change that the server stores, as a fingerprint: the text fields', then "|" and the
 * photos' (a draft keeps the first part only: photos are never restored).
 */
export function snapshot(): string {
  return fingerprint(JSON.stringify(readValues())) + '|' + state.photos.map(photoPrint).join();
}

export function newRequestIfEdited(now?: string) {
  if (state.sentSnapshot !== null && (now === undefined ? snapshot() : now) !== state.sentSnapshot) {
    state.requestId = newRequestId();
    state.sentSnapshot = null;
  }
}
