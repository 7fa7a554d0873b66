/**
 * Sending the opinion: the page's own checks first, then the bot-cost work (work.ts: usually done while the resident
 * typed), then google.script.run with a timeout. A refusal that carries a new challenge is solved and sent again at
 * once under the same requestId. A failed send keeps the draft and is retried by itself (5, 15, 45 s, and when the
 * phone comes back online) or by "Gửi lại"; the same requestId never makes a second row. Once recorded, the form is
 * cleared and the done view shown.
 */
import { LIMITS, PETITION_KIND } from '../../shared/types';
import type { FieldError, SubmitResult } from '../../shared/types';
import { SOLVE_TEXTS, type SolveProgress } from '../challenge/runner';
import { api } from '../api';
import { byId, setProgress } from '../dom';
import { showDone } from '../done';
import { newRequestId, saveDraft } from '../draft';
import { state } from '../store';
import { checkPayload } from '../validate';
import { saveNow } from './autosave';
import { clearErrors, showErrors } from './field-errors';
import {
  CONTACT_FIELDS,
  buildPayload,
  categorySel,
  checkedKind,
  consentEl,
  contentEl,
  elapsed,
  form,
  newRequestIfEdited,
  placeName,
  readValues,
  snapshot,
  submitBtn,
  textInput,
  updateButtons,
  updateCount,
} from './fields';
import { photoInput, photoStatus, renderPhotos } from './photo-picker';
import { asChallenge, setNextChallenge, takeChallenge, workForSend } from './work';

const SUBMIT_LABEL = 'Gửi ý kiến';
const RETRY_LABEL = 'Gửi lại';
const SENDING_LABEL = 'Đang gửi…';
/** Delays of the automatic retries after a failed send; after these the resident presses "Gửi lại". */
const BACKOFF_MS = [5000, 15000, 45000];
/** New challenges from refusals solved and sent again within one send, before it counts as failed. */
const CHALLENGE_ROUNDS = 3;
/** Solving shorter than this shows nothing; longer, a progress bar and a line of text. */
const QUIET_WORK_MS = 800;
/** After this, the line says why sending takes longer. */
const BUSY_WORK_MS = 4000;

const sendProgress = byId<HTMLProgressElement>('send-progress');
const retryBtn = byId<HTMLButtonElement>('retry');
const retryMsg = byId('retry-msg');
const sendStatus = byId('send-status');

const SENDING_TEXT = 'Đang gửi ý kiến, xin chờ trong giây lát…';

function setSending(on: boolean) {
  state.sending = on;
  updateButtons();
  submitBtn.disabled = retryBtn.disabled = on;
  // A photo picked now would be neither in this send nor kept for the next: choose photos before or after.
  photoInput.disabled = on;
  submitBtn.textContent = on ? SENDING_LABEL : SUBMIT_LABEL;
  retryBtn.textContent = on ? SENDING_LABEL : RETRY_LABEL;
  sendStatus.textContent = on ? SENDING_TEXT : '';
  // google.script.run reports no upload progress: the bar only shows that the page is still at work.
  setProgress(sendProgress, null, on ? 1 : 0);
}

/**
 * Progress of the work while a send waits for it: nothing for a moment, then a bar (the chance the answer is found
 * by now, so it moves steadily and never claims to be done) and a plain line.
 */
function showWork(p: SolveProgress) {
  if (p.elapsedMs < QUIET_WORK_MS) return;
  sendStatus.textContent = p.elapsedMs < BUSY_WORK_MS ? SOLVE_TEXTS.working : SOLVE_TEXTS.busy;
  setProgress(sendProgress, Math.min(0.95, 1 - Math.exp(-p.tried / p.expected)), 1);
}

/** Sends under the current request, solving each new challenge a refusal brings (same requestId) a few times. */
async function sendWithWork(): Promise<SubmitResult | null> {
  for (let round = 0; ; round++) {
    const work = await workForSend(showWork);
    sendStatus.textContent = SENDING_TEXT;
    setProgress(sendProgress, null, 1);
    const payload = buildPayload();
    if (work) {
      payload.token = work.token;
      payload.nonce = work.nonce;
    }
    let result: SubmitResult | null = null;
    try {
      const r: unknown = await api.submitFeedback(payload);
      if (isSubmitResult(r)) result = r;
    } catch {
      // Failure handler or timeout: handled by the caller as "try again".
    }
    const offer = result && !result.ok && result.retryable ? asChallenge(result.challenge) : null;
    if (!offer) return result;
    takeChallenge(offer);
    saveNow();
    if (round + 1 >= CHALLENGE_ROUNDS) return result;
  }
}

/** Anything else (an empty answer, ok without a code) is treated like a failed call: sent again later. */
function isSubmitResult(r: unknown): r is SubmitResult {
  if (!r || typeof r !== 'object') return false;
  const x = r as SubmitResult;
  return x.ok === true ? typeof x.trackingCode === 'string' && x.trackingCode !== '' : x.ok === false;
}

async function send(auto: boolean) {
  if (state.sending) return;
  clearTimeout(state.retryTimer);
  if (checkedKind() === PETITION_KIND) return;
  const errors = checkPayload(buildPayload(), state.rules);
  if (errors.length) {
    state.retryPending = false;
    updateButtons();
    showErrors(errors, !auto);
    return;
  }
  setSending(true);
  await state.photoWork;
  // The server turns away an opinion sent sooner than a person fills the form (LIMITS.minFillMs after the page
  // opened; the page's token is at least as old): a quicker tap is held until then and goes once, with no refusal.
  const early = LIMITS.minFillMs - elapsed();
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early + 250));
  const sentNow = snapshot();
  // Also catches edits made while the previous send was on its way (the checks above skip them then).
  newRequestIfEdited(sentNow);
  if (state.sentSnapshot === null) state.sentSnapshot = sentNow;
  // Kept before it goes: a page killed while sending comes back knowing this text went under this request.
  saveNow();
  const result = await sendWithWork();
  setSending(false);
  if (result && result.ok) {
    onSent(result.trackingCode, Array.isArray(result.warnings) ? result.warnings : []);
    // The token has served this opinion; the server's next one is solved once the resident starts another.
    setNextChallenge(asChallenge(result.challenge));
  } else if (!result || result.retryable) {
    clearErrors();
    onRetryable(result && Array.isArray(result.errors) ? result.errors : []);
  } else {
    // Refused for its content: nothing was stored, so the resident may fix it under the same request.
    state.sentSnapshot = null;
    state.retryPending = false;
    updateButtons();
    showErrors(Array.isArray(result.errors) ? result.errors : [], true);
  }
}

function onRetryable(errors: FieldError[]) {
  state.retryPending = true;
  const kept = saveNow();
  let msg =
    errors
      .map((e) => (e && typeof e.message === 'string' ? e.message : ''))
      .filter(Boolean)
      .join(' ') || 'Chưa gửi được: mạng yếu hoặc máy chủ đang bận.';
  // Where the phone keeps nothing (storage blocked), what was typed lives only as long as the page.
  msg += kept ? ' Nội dung bạn nhập vẫn được giữ nguyên trên máy.' : ' Nội dung bạn nhập vẫn còn trên trang này; xin đừng đóng trang.';
  if (state.autoTries < BACKOFF_MS.length) {
    // One thing to know: the page sends again by itself (the "Gửi lại" button below only does it sooner).
    const delay = BACKOFF_MS[state.autoTries];
    msg +=
      navigator.onLine === false
        ? ' Trang sẽ tự gửi lại khi điện thoại có mạng.'
        : ' Trang sẽ tự gửi lại sau ' + Math.round(delay / 1000) + ' giây.';
    state.retryTimer = window.setTimeout(autoRetry, delay);
  } else {
    msg += ' Xin bấm “Gửi lại” khi điện thoại có mạng.';
  }
  retryMsg.textContent = msg;
  const hadFocus = document.activeElement === submitBtn || document.activeElement === retryBtn;
  updateButtons();
  if (hadFocus || document.activeElement === document.body) retryBtn.focus();
}

function autoRetry() {
  // Tried even when the phone says it is offline: some in-app browsers always say so. The `online` event sends
  // at once when it does come.
  state.autoTries++;
  void send(true);
}

function resetForm() {
  contentEl.value = '';
  for (const k of CONTACT_FIELDS) textInput(k).value = '';
  consentEl.checked = false;
  categorySel.value = '';
  byId<HTMLInputElement>('kind-0').checked = true;
  state.photos.length = 0;
  renderPhotos();
  photoStatus.textContent = '';
  byId('draft-note').hidden = true;
  clearErrors();
  updateCount();
  updateButtons();
}

/** Recorded: the next opinion starts from an empty form and a new request; the done view shows the code. */
function onSent(code: string, warnings: FieldError[]) {
  const place = placeName(readValues().location);
  clearTimeout(state.retryTimer);
  state.retryPending = false;
  state.sentSnapshot = null;
  state.autoTries = 0;
  saveDraft(null);
  state.requestId = newRequestId();
  state.elapsedBase = 0;
  state.shownAt = Date.now();
  state.restoredHadPhotos = false;
  resetForm();
  showDone(code, warnings, place);
}

export function initSending() {
  window.addEventListener('online', () => {
    if (state.retryPending && !state.sending) void send(true);
  });
  retryBtn.addEventListener('click', () => {
    state.autoTries = 0;
    void send(false);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send(false);
  });
}
