import type { DeviceCredentials, DeviceRow } from '../../api/devices/routes.ts';
import { api, ensureOk } from '../lib/api.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

export type { DeviceCredentials, DeviceRow };

/** Every terminal the caller may manage (`GET /api/devices`), unbound ones included for admins. */
export function useDevices(): AsyncResult<DeviceRow[]> {
  return useAsync(async (signal) => {
    const res = await ensureOk(api.devices.$get({ query: { limit: '5000' } }, { init: { signal } }));
    return ((await res.json()) as { devices: DeviceRow[] }).devices;
  }, []);
}

/** What a new terminal is registered with. */
export interface NewDevice {
  terminalId: string;
  protocol: DeviceRow['protocol'];
  memberId: number | null;
}

/** Registers a terminal; the answer carries its auth code or token, shown once. */
export async function registerDevice(device: NewDevice): Promise<DeviceCredentials> {
  const res = await ensureOk(api.devices.$post({ json: device }));
  return (await res.json()) as DeviceCredentials;
}

/** Binds (member id), unbinds (null) or re-thresholds a terminal. */
export async function updateDevice(
  id: number,
  change: { memberId?: number | null; offlineHours?: number },
): Promise<DeviceRow> {
  // The route reads its JSON itself (validated with zod there), so the body goes in `init`.
  const init = { body: JSON.stringify(change), headers: { 'content-type': 'application/json' } };
  const res = await ensureOk(api.devices[':id'].$patch({ param: { id: String(id) } }, { init }));
  return (await res.json()) as DeviceRow;
}

/** New credentials for a terminal; the old ones stop working at once. */
export async function rotateCredentials(id: number): Promise<DeviceCredentials> {
  const res = await ensureOk(api.devices[':id'].credentials.$post({ param: { id: String(id) } }));
  return (await res.json()) as DeviceCredentials;
}
