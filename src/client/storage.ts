/**
 * The phone's localStorage, which may be missing or throw (private mode, blocked third-party storage inside Google's
 * iframe, a full disk). Every read and write goes through here: when storage fails, nothing is kept and the page
 * still works.
 */

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readItem(key: string): string | null {
  try {
    const s = store();
    return s ? s.getItem(key) : null;
  } catch {
    return null;
  }
}

/** Stores `value` (or removes the key for null). False when the phone would not keep it. */
export function writeItem(key: string, value: string | null): boolean {
  try {
    const s = store();
    if (!s) return false;
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}
