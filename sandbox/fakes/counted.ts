import type { ExecutionInfo, WorldState } from './world-state';

/**
 * Wraps a fake service object so that every method call is counted as `Type.method` and passes the fault hook.
 * Returned fake objects are wrapped too (by their own `serviceType`), so chains like
 * SpreadsheetApp.openById(id).getSheetByName(n).getRange(...) count every step, as each costs a round trip in Apps Script.
 */
const WRAPPED = new WeakMap<object, object>();

export interface Typed {
  readonly serviceType: string;
}

function isTyped(v: unknown): v is Typed & object {
  return typeof v === 'object' && v !== null && typeof (v as Typed).serviceType === 'string';
}

export function counted<T extends object>(world: WorldState, exec: ExecutionInfo, target: T, type?: string): T {
  const cached = exec.wrappers.get(target);
  if (cached) return cached as T;
  const name = type ?? (isTyped(target) ? target.serviceType : 'Object');
  const proxy = new Proxy(target, {
    get(obj, prop, receiver) {
      const v = Reflect.get(obj, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string' || prop === 'constructor') return v;
      return (...args: unknown[]) => {
        world.touch(`${name}.${prop}`, exec);
        const result = (v as (...a: unknown[]) => unknown).apply(obj, args);
        if (prop === 'getValues' || prop === 'getDisplayValues') world.cells += cellCount(result);
        else if (prop === 'setValues') world.cells += cellCount(args[0]);
        return wrapResult(world, exec, result);
      };
    },
  });
  exec.wrappers.set(target, proxy);
  WRAPPED.set(proxy, target);
  return proxy;
}

function cellCount(v: unknown): number {
  if (!Array.isArray(v)) return 0;
  let n = 0;
  for (const row of v) n += Array.isArray(row) ? row.length : 0;
  return n;
}

function wrapResult(world: WorldState, exec: ExecutionInfo, result: unknown): unknown {
  if (isTyped(result)) return counted(world, exec, result);
  if (Array.isArray(result) && result.length > 0 && isTyped(result[0])) {
    return result.map((r) => (isTyped(r) ? counted(world, exec, r) : r));
  }
  return result;
}

/** The fake behind a counted proxy (fakes call each other unwrapped). */
export function unwrap<T>(v: T): T {
  return (typeof v === 'object' && v !== null && (WRAPPED.get(v as object) as T)) || v;
}
