/** Milliseconds for timing work on the page or in a Worker: performance.now where it exists, else Date.now. */
export function clock(): number {
  return typeof performance !== 'undefined' && performance.now ? performance.now() : Date.now();
}
