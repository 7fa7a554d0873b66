/**
 * The form view: wires the fields, their messages, the draft, the photos, the bot-cost work and sending together.
 * Each edit may start a new request (after a send whose outcome is unknown), updates the counter and buttons, is saved
 * as a draft, and keeps the work for the current request going in the background.
 */
import { state } from '../store';
import { restoreDraft, saveNow, scheduleSave } from './autosave';
import { recheck } from './field-errors';
import { contentEl, form, honeypot, initFields, newRequestIfEdited, updateButtons, updateCount } from './fields';
import { initPhotoPicker, photoInput } from './photo-picker';
import { initSending } from './sending';
import { initWork, prepareWork } from './work';

export function initFormView() {
  initFields();
  form.addEventListener('input', (e) => {
    const t = e.target as HTMLElement;
    if (!state.sending) newRequestIfEdited();
    prepareWork();
    if (t === contentEl) updateCount();
    if (t.getAttribute('name') === 'kind') updateButtons();
    if (t !== photoInput && t !== honeypot) scheduleSave();
    recheck(t.getAttribute('name') === 'kind' ? 'kind' : t.id);
  });
  form.addEventListener('change', (e) => {
    const t = e.target as HTMLElement;
    if (!state.sending) newRequestIfEdited();
    if (t.getAttribute('name') === 'kind') updateButtons();
    if (t !== photoInput) scheduleSave();
  });
  window.addEventListener('pagehide', saveNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveNow();
  });
  initPhotoPicker();
  initSending();
  initWork(scheduleSave);
}

/**
 * The form as the resident left it: the draft restored, the counter and buttons up to date. `solveNow`: the form is
 * what the resident sees, so the work starts at once (otherwise with the first edit).
 */
export function startForm(solveNow: boolean) {
  restoreDraft();
  updateCount();
  updateButtons();
  if (solveNow) prepareWork();
}
