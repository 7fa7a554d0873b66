/**
 * Messages on the form: each next to its field (or above the button when the field is not on screen), focus on the
 * first one, and rechecked as the resident corrects a field. The server's "place refused" opens the place list (on
 * a page served while the box had no place, it asks for a reload instead: the page has no list to open).
 */
import type { FeedbackField, FieldError } from '../../shared/types';
import { byId } from '../dom';
import { boot, noPlaces, state } from '../store';
import { checkPayload } from '../validate';
import { scheduleSave } from './autosave';
import { CONTACT_FIELDS, PICK_LOCATION, RELOAD_FOR_PLACES, buildPayload, form, openLocationChooser } from './fields';

const ERROR_FIELDS: FeedbackField[] = ['location', 'kind', 'category', 'content', 'photos', 'name', 'phone', 'email', 'address', 'consent'];

const formError = byId('form-error');

function controlOf(field: FeedbackField): HTMLElement | null {
  if (field === 'kind') return form.querySelector<HTMLElement>('input[name="kind"]:checked') || byId('kind-0');
  return ERROR_FIELDS.indexOf(field) >= 0 ? byId(field) : null;
}

export function setFieldError(field: FeedbackField, message: string) {
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

export function clearErrors() {
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
  if (state.chooseLocation) return false;
  const refused = boot.location ? boot.location.code : '';
  const others = boot.locations.filter((l) => l.code !== refused);
  if (!others.length) return false;
  state.rules.locations = others;
  openLocationChooser(PICK_LOCATION, others);
  scheduleSave();
  return true;
}

/**
 * Shows messages next to their fields (or above the button when the field is not on screen), then focuses the
 * first field in page order, or the message above the button.
 */
export function showErrors(errors: FieldError[], moveFocus: boolean) {
  clearErrors();
  if (errors.some((e) => e && e.field === 'location')) reopenLocation();
  const general: string[] = [];
  let first: HTMLElement | null = null;
  for (const e of errors) {
    const given = typeof e.message === 'string' && e.message ? e.message : 'Thông tin chưa hợp lệ.';
    // A page served with no place has no list to choose from: only a fresh page has the places ticked since.
    const message = noPlaces && e.field === 'location' ? RELOAD_FOR_PLACES : given;
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
export function recheck(changed: string) {
  let errors: FieldError[] | null = null;
  for (const f of ERROR_FIELDS) {
    if (byId('err-' + f).hidden) continue;
    const related = f === changed || (f === 'consent' && (CONTACT_FIELDS as readonly string[]).indexOf(changed) >= 0);
    if (!related) continue;
    errors = errors || checkPayload(buildPayload(), state.rules);
    const still = errors.filter((e) => e.field === f);
    setFieldError(f, '');
    if (still.length) setFieldError(f, still[0].message);
  }
}
