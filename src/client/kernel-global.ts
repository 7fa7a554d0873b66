/**
 * kernel-api.ts as the page's build has it: the functions the kernel script (#hb-kernel, run just before the page's
 * script) handed over on globalThis.HBK.
 */
import type { Kernel } from './kernel';

const k = (self as unknown as { HBK: Kernel }).HBK;

export const createSolver = k.createSolver;
export const isSolution = k.isSolution;
export const blobToDataUrl = k.blobToDataUrl;
export const decodePicture = k.decodePicture;
export const shrinkToJpeg = k.shrinkToJpeg;
