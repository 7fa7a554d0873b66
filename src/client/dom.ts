/**
 * Small DOM functions every part of the page uses. Text always goes in through textContent.
 */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

export function make<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/**
 * Shows a progress bar: `value` of `max` done, or busy with no known end (`value` null: the bar moves on its own).
 * Hidden when `max` is 0.
 */
export function setProgress(bar: HTMLProgressElement, value: number | null, max = 1) {
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
