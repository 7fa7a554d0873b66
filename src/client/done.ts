/**
 * The done view, after an opinion is recorded: the tracking code (with copy), what the server could not keep, a
 * link to follow the opinion, and the ways on (look it up now, or write another). The code is remembered on the phone
 * for the track view's list, and the view says plainly that this list can be lost, so the code must be kept apart.
 */
import { isWebAppAddress } from '../core/common/web-address';
import type { FieldError } from '../shared/types';
import { byId, make } from './dom';
import { show } from './page';
import { rememberSentCode } from './sent-codes';
import { boot, state } from './store';
import { lookup, setTrackCode } from './track';

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

/**
 * Shows the done view for a recorded opinion (the form has already been cleared for the next one). `place` is the
 * name of the place the opinion was about, kept with the code on the phone.
 */
export function showDone(code: string, warnings: FieldError[], place: string) {
  state.lastCode = String(code);
  doneCode.textContent = state.lastCode;
  showWarnings(warnings);
  copyStatus.textContent = '';
  const saved = rememberSentCode(state.lastCode, place);
  byId('done-saved').hidden = !saved;
  byId('done-not-saved').hidden = saved;
  // The link's text is words and the code, never the long URL itself, so it wraps between words on a narrow screen.
  const link = byId<HTMLAnchorElement>('done-link');
  const url = isWebAppAddress(boot.appUrl)
    ? boot.appUrl + (boot.appUrl.indexOf('?') >= 0 ? '&' : '?') + 'track=' + encodeURIComponent(state.lastCode)
    : '';
  link.href = url;
  byId('done-link-code').textContent = state.lastCode;
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

export function initDoneView() {
  byId('copy').addEventListener('click', async () => {
    let ok = false;
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        await navigator.clipboard.writeText(state.lastCode);
        ok = true;
      }
    } catch {
      // Blocked inside the iframe, or no permission: fall back below.
    }
    if (!ok) ok = legacyCopy(state.lastCode);
    if (ok) {
      copyStatus.textContent = 'Đã sao chép mã ' + state.lastCode + '.';
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
    setTrackCode(state.lastCode);
    show('track');
    void lookup(true);
  });
  byId('done-new').addEventListener('click', () => {
    state.shownAt = Date.now();
    show('form');
  });
}
