/**
 * The kernel's functions, for the page's modules. The page's build swaps this module for kernel-global.ts, which
 * takes them from the kernel script already in the page (so they are not bundled twice); tests and other builds
 * get the modules themselves from here.
 */
export { createSolver, isSolution } from './challenge/solve';
export { blobToDataUrl, decodePicture, shrinkToJpeg } from './photo-encode';
