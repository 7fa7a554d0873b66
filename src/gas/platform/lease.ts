/**
 * Keeps two verifyPlatform runs apart: a lease in script properties with an expiry, taken under the script lock
 * (held only for the read and the write, so residents' submissions barely wait). A run that finds a live lease is
 * refused before it makes anything.
 */
import { PLATFORM_LEASE_MS, leaseBlocks, parseLease } from '../../core/platform/checks';

export const PROP_PLATFORM_LEASE = 'PLATFORM_CHECK_LEASE';

/** Takes the lease for `token`; false when another run holds it (or the lock could not be had to look). */
export function takePlatformLease(token: string): boolean {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(5000)) return false;
  try {
    const props = PropertiesService.getScriptProperties();
    const now = Date.now();
    if (leaseBlocks(props.getProperty(PROP_PLATFORM_LEASE), now)) return false;
    props.setProperty(PROP_PLATFORM_LEASE, JSON.stringify({ token, until: now + PLATFORM_LEASE_MS }));
    return true;
  } finally {
    lock.releaseLock();
  }
}

/** Gives the lease back, if it is still this run's. */
export function releasePlatformLease(token: string): void {
  const props = PropertiesService.getScriptProperties();
  if (parseLease(props.getProperty(PROP_PLATFORM_LEASE))?.token === token) props.deleteProperty(PROP_PLATFORM_LEASE);
}
