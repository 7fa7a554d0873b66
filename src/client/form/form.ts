/**
 * The form view: wires the fields, their messages, the draft, the photos and sending together. Each edit may start a
 * new request (after a send whose outcome is unknown), updates the counter and buttons, and is saved as a draft.
 */
import { state } from '../store';
import { restoreDraft, saveNow, scheduleSave } from './autosave';
import { recheck } from './field-errors';
import { contentEl, form, honeypot, initFields, newRequestIfEdited, updateButtons, updateCount } from './fields';
import { initPhotoPicker, photoInput } from './photo-picker';
import { initSending } from './sending';

export function initFormView() {
  initFields();
  form.addEventListener('input', (e) => {
    const t = e.target as HTMLElement;
    if (!state.sending) newRequestIfEdited();
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
}

/** The form as the resident left it: the draft restored, the counter and buttons up to date. */
export function startForm() {
  restoreDraft();
  updateCount();
  updateButtons();
}
