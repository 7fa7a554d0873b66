/**
 * A value made on its first use and kept. Apps Script evaluates the whole bundle at every execution, every
 * submission included, so a table, set or Unicode-property pattern (V8 builds its character classes when the
 * literal is evaluated) that only some executions need is made by them, not at load.
 */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}
