/**
 * The acting staff member and device, with the real clock and id source,
 * for data commands. The device id is made once per browser profile.
 * (Staff sign-in with PINs comes with the roles work; until then the desk
 * acts as the branch's front-desk account.)
 */
import type { CommandContext } from '../data/commands/context';

const DEVICE_KEY = 'qiantai.deviceId';

export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): string {
  const existing = storage?.getItem(DEVICE_KEY);
  if (existing) return existing;
  const id = `tab-${crypto.randomUUID().slice(0, 8)}`;
  storage?.setItem(DEVICE_KEY, id);
  return id;
}

export function browserCommandContext(staffId = 'desk'): CommandContext {
  const device = deviceId();
  return { staffId, deviceId: device, now: () => Date.now(), newId: () => crypto.randomUUID() };
}
