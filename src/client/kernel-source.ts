/**
 * The source a Worker starts from: the kernel script's own text (the inline #hb-kernel script) with the Worker's role
 * in front. Undefined where the page has no kernel script (tests, a build without it): the work then stays on the
 * main thread.
 */
/** The global the role line sets, read by kernel.ts. */
export const ROLE_GLOBAL = 'HB_ROLE';

export type KernelRole = 'challenge' | 'photo';

export function kernelSource(role: KernelRole): string | undefined {
  const el = typeof document !== 'undefined' ? document.getElementById('hb-kernel') : null;
  const text = el ? el.textContent : '';
  return text ? `self.${ROLE_GLOBAL}=${JSON.stringify(role)};\n${text}` : undefined;
}

const blobUrls: Record<string, string> = {};

/**
 * A Blob URL a Worker can start from, made once per source and kept for the page's life (a Worker started again,
 * after one failed or was stopped, uses it too); null without a source, or where Workers or Blob URLs do not exist.
 */
export function workerUrl(source: string | undefined): string | null {
  if (!source) return null;
  if (blobUrls[source]) return blobUrls[source];
  try {
    if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL === 'undefined' || !URL.createObjectURL) return null;
    return (blobUrls[source] = URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  } catch {
    return null;
  }
}
