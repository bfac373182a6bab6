// A counter PC or tablet paired to one station (/station/pair). Its credential is kept in
// localStorage and sent as X-Device-Token on every request (lib/api.ts), so the counter works on
// this device with nobody signed in; a signed-in person's token is sent beside it.
const KEY = 'recycle.device';
/** Why the last credential was refused, kept across reloads: the counter may notice the revocation
 *  in a background request and move to /station/pair before anyone looks, and a reload there
 *  (or the PC restarting the next morning) must still say why the device has to be paired again. */
const REFUSED_KEY = 'recycle.device.refused';

export interface PairedDevice {
  token: string;
  id: number;
  name: string;
  stationCode: string;
  stationName: string;
}

function loadRefused(): string | null {
  try {
    return localStorage.getItem(REFUSED_KEY);
  } catch {
    return null;
  }
}

function load(): PairedDevice | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as PairedDevice) : null;
  } catch {
    return null;
  }
}

class DeviceStore {
  current = $state<PairedDevice | null>(load());
  /** The server refused the credential: its code (device.revoked, device.notPaired), shown on /station/pair until paired again. */
  refused = $state<string | null>(loadRefused());

  get token(): string | null {
    return this.current?.token ?? null;
  }

  set(d: PairedDevice): void {
    this.current = d;
    this.refused = null;
    localStorage.setItem(KEY, JSON.stringify(d));
    localStorage.removeItem(REFUSED_KEY);
  }

  /** Forget the credential; `reason` is the server's code for the refusal when it was refused. */
  clear(reason: string | null = null): void {
    this.current = null;
    this.refused = reason;
    localStorage.removeItem(KEY);
    if (reason) localStorage.setItem(REFUSED_KEY, reason);
    else localStorage.removeItem(REFUSED_KEY);
  }
}

export const device = new DeviceStore();
