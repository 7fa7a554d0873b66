/**
 * The resident's page: send an opinion, look one up, read how personal data is handled.
 * Everything the server or the resident supplies goes into the page through textContent only.
 */
import { FEEDBACK_KINDS, LIMITS, PETITION_KIND, PHOTO_LIMITS } from '../shared/types';
import type { BootData, FeedbackField, FeedbackPayload, FieldError, LookupResult, SubmitResult } from '../shared/types';
// Pure server modules (no Apps Script globals): the page reads tracking codes exactly as the server does.
import { LOOKUP_MESSAGES } from '../core/lookup/lookup';
import { normalizeTrackingCode } from '../core/intake/tracking-code';
import { loadBigText, loadDraft, newRequestId, saveBigText, saveDraft, type FormValues } from './draft';
import { formatVnDateTime } from './format';
import { createApi } from './gas-client';
import { isHeic, preparePhoto } from './photos';
import type { ReadyPhoto } from './photos';
import { checkPayload, cleanLine, cleanMultiline, contentLength } from './validate';
import type { FormRules } from './validate';

type View = 'form' | 'track' | 'privacy' | 'done';

const SUBMIT_LABEL = 'Gửi ý kiến';
const RETRY_LABEL = 'Gửi lại';
const SENDING_LABEL = 'Đang gửi…';
/** Delays of the automatic retries after a failed send; after these the resident presses "Gửi lại". */
const BACKOFF_MS = [5000, 15000, 45000];
const CONTACT_FIELDS = ['name', 'phone', 'email', 'address'] as const;
const ALL_KINDS: string[] = [...FEEDBACK_KINDS, PETITION_KIND];

const api = createApi({
  // Photos can make a send about 1 MB: allow for a slow 3G upload (~64 kbit/s) before calling it failed.
  submit: (payload) => 60000 + JSON.stringify(payload).length / 8,
  lookup: 30000,
});

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

function make<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function readBoot(): BootData {
  const base: BootData = {
    view: 'form',
    wardName: '',
    committeeName: '',
    location: null,
    unknownLocation: false,
    locations: [],
    categories: [],
    track: '',
    retentionMonths: 24,
    appUrl: '',
  };
  try {
    return { ...base, ...JSON.parse(byId('boot').textContent || '') };
  } catch {
    return base;
  }
}

const boot = readBoot();
/**
 * True when the resident must pick the place: no or unknown `?loc=`, or the server refused the poster's place
 * (e.g. it was closed after the page was opened).
 */
let chooseLocation = boot.unknownLocation || !boot.location;

// ---- Elements ----
const form = byId<HTMLFormElement>('feedback-form');
const locationSel = byId<HTMLSelectElement>('location');
const categorySel = byId<HTMLSelectElement>('category');
const contentEl = byId<HTMLTextAreaElement>('content');
const countEl = byId('content-count');
const consentEl = byId<HTMLInputElement>('consent');
const honeypot = byId<HTMLInputElement>('website');
const photoInput = byId<HTMLInputElement>('photos');
const photoList = byId('photo-list');
const photoStatus = byId('photo-status');
const photoProgress = byId<HTMLProgressElement>('photo-progress');
const sendProgress = byId<HTMLProgressElement>('send-progress');
const submitBtn = byId<HTMLButtonElement>('submit');
const retryBox = byId('retry-box');
const retryBtn = byId<HTMLButtonElement>('retry');
const retryMsg = byId('retry-msg');
const sendStatus = byId('send-status');
const formError = byId('form-error');
const draftNote = byId('draft-note');
const petitionNotice = byId('petition-notice');
const textInput = (id: string) => byId<HTMLInputElement>(id);

// ---- Static text from boot ----
function fillClass(cls: string, text: string) {
  const list = document.getElementsByClassName(cls);
  for (let i = 0; i < list.length; i++) list[i].textContent = text;
}
fillClass('t-committee', boot.committeeName || 'Ủy ban MTTQ');
fillClass('t-ward', boot.wardName);
// Inside a sentence the unit is written in lower case: "Ủy ban nhân dân phường Hòa Bình".
fillClass(
  't-ward-inline',
  boot.wardName.replace(/^(Phường|Xã|Thị trấn)(?= )/, (m) => m.toLowerCase()),
);
fillClass('t-months', String(boot.retentionMonths));
byId('photo-max').textContent = String(PHOTO_LIMITS.maxCount);

function addOptions(sel: HTMLSelectElement, items: { value: string; label: string }[]) {
  for (const it of items) {
    const o = make('option', it.label);
    o.value = it.value;
    sel.appendChild(o);
  }
}

const PICK_LOCATION = 'Xin bạn chọn nơi (tổ dân phố, trụ sở) mà ý kiến của bạn nói đến.';

/** Shows the list of places to pick from (at start, or later when the server refuses the poster's place). */
function openLocationChooser(notice: string, places: BootData['locations']) {
  chooseLocation = true;
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

if (chooseLocation) {
  openLocationChooser(
    boot.unknownLocation ? 'Không nhận ra nơi đặt mã QR bạn vừa quét. Xin bạn chọn nơi gần nhất trong danh sách dưới đây.' : PICK_LOCATION,
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

// ---- Large text ----
const bigBtn = byId('big-text');
function applyBigText(on: boolean) {
  document.documentElement.classList.toggle('big', on);
  bigBtn.setAttribute('aria-pressed', String(on));
}
applyBigText(loadBigText());
bigBtn.addEventListener('click', () => {
  const on = !document.documentElement.classList.contains('big');
  applyBigText(on);
  saveBigText(on);
});

// ---- Views ----
const VIEWS: View[] = ['form', 'done', 'track', 'privacy'];
function show(view: View, moveFocus = true) {
  for (const v of VIEWS) byId('view-' + v).hidden = v !== view;
  const navButtons = document.querySelectorAll('nav [data-view]');
  for (let i = 0; i < navButtons.length; i++) {
    const b = navButtons[i];
    const current = b.getAttribute('data-view') === (view === 'done' ? 'form' : view);
    if (current) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  if (moveFocus) {
    window.scrollTo(0, 0);
    byId('h-' + view).focus();
  }
}
document.addEventListener('click', (e) => {
  const t = e.target instanceof Element ? e.target.closest('[data-view]') : null;
  if (t) show(t.getAttribute('data-view') as View);
});

// ---- Form state ----
const photos: ReadyPhoto[] = [];
let photoWork: Promise<void> = Promise.resolve();
let requestId = newRequestId();
/** Time spent on this draft before this visit (restored from the draft). */
let elapsedBase = 0;
let shownAt = Date.now();
let restoredHadPhotos = false;
let sending = false;
let retryPending = false;
/**
 * What was sent under the current requestId while its outcome is unknown. The server answers a retry with the first
 * row's code, so an edit made after that send would be lost: editing starts a new request instead (if the first did
 * arrive, the committee sees both, marked as possible duplicates).
 */
let sentSnapshot: string | null = null;
let autoTries = 0;
let retryTimer = 0;
let saveTimer = 0;

const elapsed = () => Math.round(elapsedBase + Date.now() - shownAt);

function checkedKind(): string {
  const r = form.querySelector<HTMLInputElement>('input[name="kind"]:checked');
  return r ? r.value : '';
}

function readValues(): FormValues {
  return {
    location: chooseLocation ? locationSel.value : boot.location ? boot.location.code : '',
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

const rules: FormRules = {
  locations: chooseLocation ? boot.locations : boot.location ? [boot.location] : [],
  categories: boot.categories,
};

const hasContact = (v: FormValues) => CONTACT_FIELDS.some((k) => cleanLine(v[k]) !== '');

function buildPayload(v: FormValues = readValues()): FeedbackPayload {
  const p: FeedbackPayload = {
    requestId,
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
  if (photos.length)
    p.photos = photos.map((ph, i) => ({
      name: 'anh-' + (i + 1) + '.jpg',
      type: 'image/jpeg',
      dataBase64: ph.dataUrl.slice(ph.dataUrl.indexOf(',') + 1),
    }));
  return p;
}

// ---- Draft (localStorage) ----
function saveNow() {
  clearTimeout(saveTimer);
  const v = readValues();
  if (!cleanMultiline(v.content) && !hasContact(v) && !photos.length && !retryPending) {
    saveDraft(null);
    return;
  }
  saveDraft({
    requestId,
    location: chooseLocation ? v.location : '',
    category: v.category,
    kind: v.kind,
    content: v.content,
    name: v.name,
    phone: v.phone,
    email: v.email,
    address: v.address,
    consent: v.consent,
    hadPhotos: photos.length > 0 || restoredHadPhotos,
    elapsedMs: elapsed(),
  });
}
function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = window.setTimeout(saveNow, 500);
}

function restoreDraft() {
  const d = loadDraft();
  if (!d) return;
  requestId = d.requestId;
  elapsedBase = d.elapsedMs;
  if (chooseLocation && boot.locations.some((l) => l.code === d.location)) locationSel.value = d.location;
  if (boot.categories.indexOf(d.category) >= 0) categorySel.value = d.category;
  const kindIdx = ALL_KINDS.indexOf(d.kind);
  if (kindIdx >= 0) byId<HTMLInputElement>('kind-' + kindIdx).checked = true;
  contentEl.value = d.content;
  for (const k of CONTACT_FIELDS) textInput(k).value = d[k];
  consentEl.checked = d.consent;
  draftNote.textContent = 'Đã khôi phục nội dung bạn nhập dở lần trước.';
  draftNote.hidden = false;
  if (d.hadPhotos) {
    restoredHadPhotos = true;
    photoStatus.textContent = 'Ảnh bạn chọn lần trước không được lưu cùng bản nháp (ảnh quá nặng). Nếu cần, xin chọn lại ảnh.';
  }
}

// ---- Field errors ----
const ERROR_FIELDS: FeedbackField[] = ['location', 'kind', 'category', 'content', 'photos', 'name', 'phone', 'email', 'address', 'consent'];

function controlOf(field: FeedbackField): HTMLElement | null {
  if (field === 'kind') return form.querySelector<HTMLElement>('input[name="kind"]:checked') || byId('kind-0');
  return ERROR_FIELDS.indexOf(field) >= 0 ? byId(field) : null;
}

function setFieldError(field: FeedbackField, message: string) {
  const err = byId('err-' + field);
  const ctl = controlOf(field);
  if (message) {
    err.textContent = err.hidden || !err.textContent ? message : err.textContent + ' ' + message;
    err.hidden = false;
    if (ctl && field !== 'kind') ctl.setAttribute('aria-invalid', 'true');
  } else {
    err.textContent = '';
    err.hidden = true;
    if (ctl) ctl.removeAttribute('aria-invalid');
  }
}

function clearErrors() {
  for (const f of ERROR_FIELDS) setFieldError(f, '');
  formError.textContent = '';
  formError.hidden = true;
}

/** True when the control sits in a part of the form the resident cannot see (the poster's place is not shown). */
function inHiddenPart(ctl: HTMLElement): boolean {
  const box = ctl.closest('[hidden]');
  return Boolean(box && form.contains(box));
}

/**
 * The server refused the poster's place (closed, or renamed, since the page was opened): the resident picks
 * another one from the list. False when there is no other place to pick.
 */
function reopenLocation(): boolean {
  if (chooseLocation) return false;
  const refused = boot.location ? boot.location.code : '';
  const others = boot.locations.filter((l) => l.code !== refused);
  if (!others.length) return false;
  rules.locations = others;
  openLocationChooser(PICK_LOCATION, others);
  scheduleSave();
  return true;
}

/**
 * Shows messages next to their fields (or above the button when the field is not on screen), then focuses the
 * first field in page order, or the message above the button.
 */
function showErrors(errors: FieldError[], moveFocus: boolean) {
  clearErrors();
  if (errors.some((e) => e && e.field === 'location')) reopenLocation();
  const general: string[] = [];
  let first: HTMLElement | null = null;
  for (const e of errors) {
    const message = typeof e.message === 'string' && e.message ? e.message : 'Thông tin chưa hợp lệ.';
    const field = e.field && ERROR_FIELDS.indexOf(e.field) >= 0 ? e.field : null;
    const ctl = field && controlOf(field);
    if (!field || !ctl || inHiddenPart(ctl)) {
      general.push(message);
      continue;
    }
    setFieldError(field, message);
    if (!first || first.compareDocumentPosition(ctl) & Node.DOCUMENT_POSITION_PRECEDING) first = ctl;
  }
  if (general.length) {
    formError.textContent = general.join(' ');
    formError.hidden = false;
  }
  if (!moveFocus) return;
  if (first) first.focus();
  else if (general.length) {
    formError.tabIndex = -1;
    formError.focus();
  }
}

/** While the resident corrects a field, its message follows the page's rules (and goes once it is right). */
function recheck(changed: string) {
  let errors: FieldError[] | null = null;
  for (const f of ERROR_FIELDS) {
    if (byId('err-' + f).hidden) continue;
    const related = f === changed || (f === 'consent' && (CONTACT_FIELDS as readonly string[]).indexOf(changed) >= 0);
    if (!related) continue;
    errors = errors || checkPayload(buildPayload(), rules);
    const still = errors.filter((e) => e.field === f);
    setFieldError(f, '');
    if (still.length) setFieldError(f, still[0].message);
  }
}

// ---- Counter, kind ----
function updateCount() {
  const n = contentLength(contentEl.value);
  countEl.textContent = n + '/' + LIMITS.contentMax;
  countEl.classList.toggle('over', n > LIMITS.contentMax);
}

function updateButtons() {
  const petition = checkedKind() === PETITION_KIND;
  petitionNotice.hidden = !petition;
  submitBtn.hidden = petition || retryPending;
  retryBox.hidden = petition || !retryPending;
}

/** A cheap fingerprint of a prepared photo: its size and a hash of every 61st character of its base64. */
function photoPrint(p: ReadyPhoto): string {
  let h = 0;
  for (let i = p.dataUrl.length - 1; i >= 0; i -= 61) h = (Math.imul(h, 31) + p.dataUrl.charCodeAt(i)) | 0;
  return p.bytes + ':' + h;
}

/** Everything the resident can change that the server stores: the text fields and the photos. */
function snapshot(): string {
  const v = readValues();
  return JSON.stringify([
    v.location,
    v.category,
    v.kind,
    v.content,
    v.name,
    v.phone,
    v.email,
    v.address,
    v.consent,
    photos.map(photoPrint),
  ]);
}

function newRequestIfEdited(now?: string) {
  if (sentSnapshot !== null && (now === undefined ? snapshot() : now) !== sentSnapshot) {
    requestId = newRequestId();
    sentSnapshot = null;
  }
}

form.addEventListener('input', (e) => {
  const t = e.target as HTMLElement;
  if (!sending) newRequestIfEdited();
  if (t === contentEl) updateCount();
  if (t.getAttribute('name') === 'kind') updateButtons();
  if (t !== photoInput && t !== honeypot) scheduleSave();
  recheck(t.getAttribute('name') === 'kind' ? 'kind' : t.id);
});
form.addEventListener('change', (e) => {
  const t = e.target as HTMLElement;
  if (!sending) newRequestIfEdited();
  if (t.getAttribute('name') === 'kind') updateButtons();
  if (t !== photoInput) scheduleSave();
});
window.addEventListener('pagehide', saveNow);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') saveNow();
});

// ---- Photos ----
function renderPhotos() {
  photoList.textContent = '';
  photos.forEach((p, i) => {
    const li = make('li');
    const img = make('img');
    img.src = p.dataUrl;
    img.alt = 'Ảnh ' + (i + 1);
    const rm = make('button', 'Xóa ảnh ' + (i + 1), 'btn alt');
    rm.type = 'button';
    rm.addEventListener('click', () => {
      photos.splice(i, 1);
      if (!sending) newRequestIfEdited();
      renderPhotos();
      photoStatus.textContent = photos.length ? 'Đã xóa ảnh. Còn ' + photos.length + ' ảnh.' : 'Đã xóa ảnh. Chưa chọn ảnh nào.';
      photoInput.focus();
      scheduleSave();
    });
    li.appendChild(img);
    li.appendChild(rm);
    photoList.appendChild(li);
  });
}

/**
 * Shows a progress bar: `value` of `max` done, or busy with no known end (`value` null: the bar moves on its own).
 * Hidden when `max` is 0.
 */
function setProgress(bar: HTMLProgressElement, value: number | null, max = 1) {
  bar.hidden = max <= 0;
  if (bar.hidden) return;
  if (value === null) {
    bar.removeAttribute('value');
    bar.removeAttribute('aria-valuetext');
  } else {
    bar.max = max;
    bar.value = value;
  }
}

async function addPhotos(files: File[]) {
  setFieldError('photos', '');
  const problems: string[] = [];
  let overLimit = 0;
  let tried = 0;
  for (let k = 0; k < files.length; k++) {
    const f = files[k];
    const room = PHOTO_LIMITS.maxCount - photos.length;
    if (room <= 0) {
      overLimit++;
      continue;
    }
    // Photo i of n; a file that cannot be read leaves its place to the next one, so n may grow.
    const i = tried++;
    const n = i + Math.min(files.length - k, room);
    photoStatus.textContent = 'Đang xử lý ảnh ' + (i + 1) + '/' + n + '…';
    photoProgress.setAttribute('aria-valuetext', 'Ảnh ' + (i + 1) + '/' + n);
    // Two steps per photo (read, then shrink), so the bar moves while a big photo is worked on.
    setProgress(photoProgress, i * 2, n * 2);
    try {
      photos.push(await preparePhoto(f, () => setProgress(photoProgress, i * 2 + 1, n * 2)));
      setProgress(photoProgress, i * 2 + 2, n * 2);
      if (!sending) newRequestIfEdited();
      renderPhotos();
    } catch {
      const name = '“' + (f.name.length > 40 ? f.name.slice(0, 37) + '…' : f.name) + '”';
      problems.push(
        isHeic(f)
          ? 'Điện thoại lưu ảnh ' +
              name +
              ' ở dạng HEIC mà trình duyệt này không đọc được, nên đã bỏ qua ảnh này. Vui lòng bấm vào ô “Ảnh minh họa” rồi chọn máy ảnh để chụp trực tiếp, hoặc chọn ảnh JPEG/PNG.'
          : 'Không đọc được tệp ' + name + ' (có thể không phải ảnh hoặc ảnh bị hỏng), đã bỏ qua.',
      );
    }
  }
  setProgress(photoProgress, 0, 0);
  if (overLimit) problems.push('Chỉ gửi được tối đa ' + PHOTO_LIMITS.maxCount + ' ảnh; đã bỏ qua ' + overLimit + ' ảnh.');
  photoStatus.textContent = photos.length ? 'Đã chọn ' + photos.length + '/' + PHOTO_LIMITS.maxCount + ' ảnh.' : '';
  if (problems.length) {
    const err = byId('err-photos');
    err.textContent = problems.join(' ');
    err.hidden = false;
  }
  scheduleSave();
}

photoInput.addEventListener('change', () => {
  const files = Array.prototype.slice.call(photoInput.files || []) as File[];
  // Cleared so that choosing the same file again fires `change` again.
  photoInput.value = '';
  // Photos are prepared one batch after another; a failure never blocks sending the text.
  if (files.length) photoWork = photoWork.then(() => addPhotos(files)).catch(() => undefined);
});

// ---- Sending ----
function setSending(on: boolean) {
  sending = on;
  submitBtn.disabled = retryBtn.disabled = on;
  // A photo picked now would be neither in this send nor kept for the next: choose photos before or after.
  photoInput.disabled = on;
  submitBtn.textContent = on ? SENDING_LABEL : SUBMIT_LABEL;
  retryBtn.textContent = on ? SENDING_LABEL : RETRY_LABEL;
  sendStatus.textContent = on ? 'Đang gửi ý kiến, xin chờ trong giây lát…' : '';
  // google.script.run reports no upload progress: the bar only shows that the page is still at work.
  setProgress(sendProgress, null, on ? 1 : 0);
}

/** Anything else (an empty answer, ok without a code) is treated like a failed call: sent again later. */
function isSubmitResult(r: unknown): r is SubmitResult {
  if (!r || typeof r !== 'object') return false;
  const x = r as SubmitResult;
  return x.ok === true ? typeof x.trackingCode === 'string' && x.trackingCode !== '' : x.ok === false;
}

async function send(auto: boolean) {
  if (sending) return;
  clearTimeout(retryTimer);
  if (checkedKind() === PETITION_KIND) return;
  const errors = checkPayload(buildPayload(), rules);
  if (errors.length) {
    retryPending = false;
    updateButtons();
    showErrors(errors, !auto);
    return;
  }
  setSending(true);
  await photoWork;
  let result: SubmitResult | null = null;
  const sentNow = snapshot();
  // Also catches edits made while the previous send was on its way (the checks above skip them then).
  newRequestIfEdited(sentNow);
  if (sentSnapshot === null) sentSnapshot = sentNow;
  try {
    const r: unknown = await api.submitFeedback(buildPayload());
    if (isSubmitResult(r)) result = r;
  } catch {
    // Failure handler or timeout: handled below as "try again".
  }
  setSending(false);
  if (result && result.ok) {
    onSent(result.trackingCode, Array.isArray(result.warnings) ? result.warnings : []);
  } else if (!result || result.retryable) {
    clearErrors();
    onRetryable(result && Array.isArray(result.errors) ? result.errors : []);
  } else {
    // Refused for its content: nothing was stored, so the resident may fix it under the same request.
    sentSnapshot = null;
    retryPending = false;
    updateButtons();
    showErrors(Array.isArray(result.errors) ? result.errors : [], true);
  }
}

function onRetryable(errors: FieldError[]) {
  retryPending = true;
  saveNow();
  let msg =
    errors
      .map((e) => (e && typeof e.message === 'string' ? e.message : ''))
      .filter(Boolean)
      .join(' ') || 'Chưa gửi được: mạng yếu hoặc máy chủ đang bận.';
  msg += ' Nội dung bạn nhập vẫn được giữ nguyên trên máy.';
  if (autoTries < BACKOFF_MS.length) {
    msg += ' Trang sẽ tự động gửi lại; bạn cũng có thể bấm “Gửi lại”.';
    retryTimer = window.setTimeout(autoRetry, BACKOFF_MS[autoTries]);
  } else {
    msg += ' Xin bấm “Gửi lại” khi điện thoại có mạng.';
  }
  retryMsg.textContent = msg;
  const hadFocus = document.activeElement === submitBtn || document.activeElement === retryBtn;
  updateButtons();
  if (hadFocus || document.activeElement === document.body) retryBtn.focus();
}

function autoRetry() {
  // Offline: wait for the `online` event instead of spending a try.
  if (navigator.onLine === false) return;
  autoTries++;
  void send(true);
}

window.addEventListener('online', () => {
  if (retryPending && !sending) void send(true);
});
retryBtn.addEventListener('click', () => {
  autoTries = 0;
  void send(false);
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void send(false);
});

function resetForm() {
  contentEl.value = '';
  for (const k of CONTACT_FIELDS) textInput(k).value = '';
  consentEl.checked = false;
  categorySel.value = '';
  byId<HTMLInputElement>('kind-0').checked = true;
  photos.length = 0;
  renderPhotos();
  photoStatus.textContent = '';
  draftNote.hidden = true;
  clearErrors();
  updateCount();
  updateButtons();
}

// ---- Success ----
let lastCode = '';
const doneCode = byId('done-code');
const doneWarnings = byId('done-warnings');
const copyStatus = byId('copy-status');

/** What the server could not keep although it recorded the opinion (e.g. a refused photo), in its own words. */
function showWarnings(warnings: FieldError[]) {
  doneWarnings.textContent = '';
  for (const w of warnings) {
    if (w && typeof w.message === 'string' && w.message) doneWarnings.appendChild(make('p', w.message));
  }
  doneWarnings.hidden = !doneWarnings.firstChild;
}

function onSent(code: string, warnings: FieldError[]) {
  clearTimeout(retryTimer);
  retryPending = false;
  sentSnapshot = null;
  autoTries = 0;
  saveDraft(null);
  requestId = newRequestId();
  elapsedBase = 0;
  shownAt = Date.now();
  restoredHadPhotos = false;
  resetForm();
  lastCode = String(code);
  doneCode.textContent = lastCode;
  showWarnings(warnings);
  copyStatus.textContent = '';
  const link = byId<HTMLAnchorElement>('done-link');
  const url = /^https:\/\//.test(boot.appUrl)
    ? boot.appUrl + (boot.appUrl.indexOf('?') >= 0 ? '&' : '?') + 'track=' + encodeURIComponent(lastCode)
    : '';
  link.href = url;
  link.textContent = url;
  byId('done-link-line').hidden = !url;
  show('done');
}

function legacyCopy(text: string): boolean {
  const ta = make('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.top = '-100px';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  ta.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    // Not supported: the caller selects the code for a manual copy.
  }
  document.body.removeChild(ta);
  return ok;
}

byId('copy').addEventListener('click', async () => {
  let ok = false;
  try {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      await navigator.clipboard.writeText(lastCode);
      ok = true;
    }
  } catch {
    // Blocked inside the iframe, or no permission: fall back below.
  }
  if (!ok) ok = legacyCopy(lastCode);
  if (ok) {
    copyStatus.textContent = 'Đã sao chép mã ' + lastCode + '.';
  } else {
    const sel = window.getSelection();
    if (sel) {
      const range = document.createRange();
      range.selectNodeContents(doneCode);
      sel.removeAllRanges();
      sel.addRange(range);
    }
    copyStatus.textContent = 'Máy không cho sao chép tự động. Xin nhấn giữ vào mã để sao chép, hoặc ghi lại mã.';
  }
});

byId('done-track').addEventListener('click', () => {
  trackInput.value = lastCode;
  show('track');
  void lookup();
});
byId('done-new').addEventListener('click', () => {
  shownAt = Date.now();
  show('form');
});

// ---- Lookup ----
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

async function lookup() {
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

byId('track-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void lookup();
});

// ---- Start ----
restoreDraft();
updateCount();
updateButtons();
const startView: View = boot.view === 'track' || boot.view === 'privacy' ? boot.view : 'form';
show(startView, false);
if (boot.track) {
  trackInput.value = boot.track;
  if (startView === 'track') void lookup();
}
