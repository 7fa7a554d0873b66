/**
 * The page around the views: the committee's and ward's names from boot, the large-text switch, and showing one
 * view at a time (the nav buttons and any element with data-view).
 */
import { loadBigText, saveBigText } from './draft';
import { byId } from './dom';
import { boot } from './store';
import { isWebAppAddress } from '../core/common/web-address';

export type View = 'form' | 'track' | 'privacy' | 'done';

const VIEWS: View[] = ['form', 'done', 'track', 'privacy'];

export function fillClass(cls: string, text: string) {
  const list = document.getElementsByClassName(cls);
  for (let i = 0; i < list.length; i++) list[i].textContent = text;
}

/** Names from boot wherever the page mentions the committee or the ward. */
export function fillNames() {
  fillClass('t-committee', boot.committeeName || 'Ủy ban MTTQ');
  fillClass('t-ward', boot.wardName);
  // Inside a sentence the unit is written in lower case: "Ủy ban nhân dân phường Hòa Bình".
  fillClass(
    't-ward-inline',
    boot.wardName.replace(/^(Phường|Xã|Thị trấn)(?= )/, (m) => m.toLowerCase()),
  );
}

/** The "Chữ to" switch, remembered on the phone. Its label says its state, as does aria-pressed. */
export function initBigText() {
  const bigBtn = byId('big-text');
  function applyBigText(on: boolean) {
    document.documentElement.classList.toggle('big', on);
    bigBtn.setAttribute('aria-pressed', String(on));
    bigBtn.textContent = on ? 'Chữ to: đang bật' : 'Chữ to: đang tắt';
  }
  applyBigText(loadBigText());
  bigBtn.addEventListener('click', () => {
    const on = !document.documentElement.classList.contains('big');
    applyBigText(on);
    saveBigText(on);
  });
}

const showHandlers: { view: View; fn: () => void }[] = [];

/** Runs `fn` each time `view` is shown (e.g. to bring a list up to date). */
export function onShow(view: View, fn: () => void) {
  showHandlers.push({ view, fn });
}

export function show(view: View, moveFocus = true) {
  for (const v of VIEWS) byId('view-' + v).hidden = v !== view;
  for (const h of showHandlers) if (h.view === view) h.fn();
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

export function initNav() {
  document.addEventListener('click', (e) => {
    const t = e.target instanceof Element ? e.target.closest('[data-view]') : null;
    if (t) show(t.getAttribute('data-view') as View);
  });
}

/**
 * Links to the public results page (`?view=results`, with this location when the QR named one). Shown only when the
 * web app's address is known: inside Apps Script's frame a relative link would not leave the sandbox.
 */
export function initResultsLinks() {
  if (!isWebAppAddress(boot.appUrl)) return;
  const query = 'view=results' + (boot.location ? '&loc=' + encodeURIComponent(boot.location.code) : '');
  const href = boot.appUrl + (boot.appUrl.indexOf('?') >= 0 ? '&' : '?') + query;
  const links = document.getElementsByClassName('results-link');
  for (let i = 0; i < links.length; i++) links[i].setAttribute('href', href);
  const lines = document.getElementsByClassName('results-line');
  for (let i = 0; i < lines.length; i++) (lines[i] as HTMLElement).hidden = false;
}
