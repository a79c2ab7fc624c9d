/**
 * The acting staff member and device, with the real clock and id source,
 * for data commands. The staff id is read from the session at the moment a
 * command runs, so a shift change applies at once. The device id is made
 * once per browser profile.
 */
import type { CommandContext } from '../data/commands/context';
import type { SyncStanding } from '../domain/offline-redemption';
import { useSession } from './store';

const DEVICE_KEY = 'qiantai.deviceId';

export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): string {
  const existing = storage?.getItem(DEVICE_KEY);
  if (existing) return existing;
  const id = `tab-${crypto.randomUUID().slice(0, 8)}`;
  storage?.setItem(DEVICE_KEY, id);
  return id;
}

export function browserCommandContext(standing?: () => SyncStanding): CommandContext {
  const device = deviceId();
  return {
    get staffId() { return useSession.getState().staff?.id ?? ''; },
    deviceId: device,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    ...(standing ? { syncStanding: standing } : {}),
  };
}
