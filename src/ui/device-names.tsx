/**
 * What the branch calls its tablets (前台1, 门禁), by device id, from the
 * enrolment service's tablet list (src/sync/enrol.ts). Provided by the app
 * where it has the list; a tablet without a name, or a desk without the
 * list (stand-alone, offline), shows the device id.
 */
import { createContext, useContext } from 'react';

const DeviceNames = createContext<Readonly<Record<string, string>>>({});

export const DeviceNamesProvider = DeviceNames.Provider;

/** `deviceId` → "前台1" (or the id itself when the branch has not named it). */
export function useDeviceName(): (deviceId: string) => string {
  const names = useContext(DeviceNames);
  return (deviceId) => names[deviceId] || deviceId;
}
