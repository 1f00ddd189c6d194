// `npm run simulate -- --devices 50 --protocol jt808|nmea|http`: drives demo members' BeiDou
// terminals over the real protocols against a running server, so the demo map comes alive. Each
// terminal walks between its organisation's seat and the sites and zones near it, pausing at
// each, and reports every few seconds. See README § Simulator.
import net from 'node:net';
import { parseArgs } from 'node:util';
import { bearing, destination, distance } from '@turf/turf';
import { DEMO_PASSWORD, demoAuthCode, demoDeviceToken, demoNmeaSecret } from '../../geodata/demo/accounts.ts';
import { Random } from '../../geodata/demo/random.ts';
import type { LocationMessage } from './jt808/codec.ts';
import { Jt808Terminal, locationReport } from './jt808/terminal.ts';
import { formatGga, formatRmc, sentence } from './nmea/format.ts';
import type { DeviceRow } from './routes.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '10' },
    protocol: { type: 'string', default: 'jt808' },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    jt808: { type: 'string', default: '127.0.0.1:7808' },
    nmea: { type: 'string', default: '127.0.0.1:7809' },
    interval: { type: 'string', default: '3' },
    speed: { type: 'string', default: '40' },
    duration: { type: 'string', default: '0' },
    user: { type: 'string', default: 'admin' },
    password: { type: 'string', default: DEMO_PASSWORD },
  },
});

type Protocol = 'jt808' | 'nmea' | 'http';
const protocol = args.protocol as Protocol;
if (!['jt808', 'nmea', 'http'].includes(protocol)) throw new Error('--protocol must be jt808, nmea or http');
const count = Number(args.devices);
const intervalMs = Number(args.interval) * 1000;
const speedKmh = Number(args.speed);
const hostPort = (s: string) => {
  const [host = '127.0.0.1', port = '0'] = s.split(':');
  return { host, port: Number(port) };
};

/** A member on the move: along straight legs between waypoints, pausing at each. */
class Walker {
  private leg = 0;
  private pausedUntil = 0;
  heading = 0;
  speed = 0;
  at: [number, number];

  constructor(
    private readonly waypoints: [number, number][],
    private readonly kmh: number,
    private readonly rnd: () => number,
  ) {
    this.at = waypoints[0] as [number, number];
  }

  /** Moves `ms` of time forward; geodesic steps (turf), so a kilometre is a kilometre anywhere. */
  step(ms: number, now: number): void {
    if (now < this.pausedUntil || this.waypoints.length < 2) {
      this.speed = 0;
      return;
    }
    const target = this.waypoints[(this.leg + 1) % this.waypoints.length] as [number, number];
    this.speed = this.kmh * (0.7 + 0.6 * this.rnd());
    const metres = (this.speed / 3.6) * (ms / 1000);
    const left = distance(this.at, target, { units: 'meters' });
    this.heading = (bearing(this.at, target) + 360) % 360;
    if (left <= metres) {
      this.at = target;
      this.leg = (this.leg + 1) % this.waypoints.length;
      // A stay at each place: long enough to show as a stop in track playback.
      this.pausedUntil = now + (60 + 240 * this.rnd()) * 1000;
    } else {
      this.at = destination(this.at, metres, this.heading, { units: 'meters' }).geometry.coordinates as [
        number,
        number,
      ];
    }
  }
}

/** Terminals that connect and log in at once: a thousand together would outwait their replies. */
const CONNECT_AT_ONCE = 50;

/** `fn` over `items` with at most `limit` running at a time, results in order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

interface Driver {
  /** Sends one fix; resolves true when the server took it (acknowledged / answered 200). */
  report(lon: number, lat: number, time: Date, speedKmh: number, heading: number): Promise<boolean>;
  close(): void;
}

async function jt808Driver(device: DeviceRow): Promise<Driver> {
  const { host, port } = hostPort(args.jt808);
  const terminal = await Jt808Terminal.connect(host, port, device.terminalId);
  // A busy server may answer an auth after the terminal's 5 s: ask again before giving up.
  let authenticated = false;
  for (let attempt = 0; attempt < 3 && !authenticated; attempt++) {
    authenticated = await terminal.login(demoAuthCode(device.terminalId));
  }
  if (!authenticated) throw new Error(`terminal ${device.terminalId} was refused`);
  // Reports not yet acknowledged are sent again, under their own serial, before the next one.
  const unacked: { serial: number; body: LocationMessage }[] = [];
  return {
    async report(lon, lat, time, speed, heading) {
      const body: LocationMessage = { type: 'location', report: locationReport(lon, lat, time, speed, heading) };
      const queue = [...unacked.splice(0), { serial: terminal.takeSerial(), body }];
      let ok = true;
      for (const item of queue) {
        const reply = await terminal.request(item.body, 10_000, item.serial);
        if (reply?.result !== 0) {
          ok = false;
          unacked.push(item);
        }
      }
      return ok;
    },
    close: () => terminal.close(),
  };
}

async function nmeaDriver(device: DeviceRow): Promise<Driver> {
  const { host, port } = hostPort(args.nmea);
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host, port }, () => resolve(s));
    s.once('error', reject);
  });
  socket.on('error', () => {});
  socket.write(`${sentence(`PRMID,${device.terminalId},${demoNmeaSecret(device.terminalId)}`)}\r\n`);
  return {
    async report(lon, lat, time, speed, heading) {
      if (socket.destroyed) return false;
      const fix = { time, lat, lon, speedKnots: Math.round((speed / 1.852) * 10) / 10, courseDeg: Math.round(heading) };
      // A Chinese receiver's order: GGA then RMC, BeiDou + GPS combined (GN).
      socket.write(`${formatGga({ ...fix, altitudeM: 1250, hdop: 0.9, satellites: 14 })}\r\n${formatRmc(fix)}\r\n`);
      return true;
    },
    close: () => socket.destroy(),
  };
}

function httpDriver(device: DeviceRow): Driver {
  const token = demoDeviceToken(device.terminalId);
  const pending: object[] = [];
  return {
    async report(lon, lat, time, speed, heading) {
      pending.push({ time: time.toISOString(), lon, lat, speedKmh: speed, heading, accuracyM: 5 });
      const res = await fetch(`${args.url}/api/ingest/positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fixes: pending }),
      }).catch(() => undefined);
      // Idempotent on the server: a batch that failed is sent again with the next fix.
      if (res?.ok) pending.length = 0;
      return res?.ok ?? false;
    },
    close: () => {},
  };
}

async function main() {
  const login = await fetch(`${args.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: args.user, password: args.password }),
  });
  if (!login.ok) throw new Error(`login as ${args.user} at ${args.url} failed: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await fetch(`${args.url}/api/devices?protocol=${protocol}&limit=${count}`, { headers: { cookie } });
  // Only terminals bound to a member walk: an unbound one has no seat, and its fixes are not stored.
  const devices = ((await res.json()) as { devices: DeviceRow[] }).devices.filter(
    (d): d is DeviceRow & { seat: [number, number] } => d.seat !== null,
  );
  if (devices.length < count) console.warn(`only ${devices.length} ${protocol} terminals in scope; simulating those`);

  const open = (d: DeviceRow) =>
    protocol === 'jt808' ? jt808Driver(d) : protocol === 'nmea' ? nmeaDriver(d) : Promise.resolve(httpDriver(d));
  const sims = await mapLimited(devices, CONNECT_AT_ONCE, async (d) => {
    const random = new Random(d.id); // each device walks the same way every run
    const rnd = () => random.next();
    const waypoints = [d.seat, ...d.places].sort(() => rnd() - 0.5);
    return { device: d, walker: new Walker(waypoints, speedKmh, rnd), driver: await open(d) };
  });
  console.log(`simulating ${sims.length} ${protocol} terminals every ${intervalMs / 1000} s (fictional demo members)`);

  let sent = 0;
  let taken = 0;
  let last = Date.now();
  const tick = async () => {
    const now = Date.now();
    await Promise.all(
      sims.map(async ({ walker, driver }) => {
        walker.step(now - last, now);
        const [lon, lat] = walker.at;
        sent++;
        if (await driver.report(lon, lat, new Date(now), walker.speed, walker.heading)) taken++;
      }),
    );
    last = now;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  const status = setInterval(() => console.log(`${sent} fixes sent, ${taken} taken`), 10_000);
  await tick();
  const stop = () => {
    clearInterval(timer);
    clearInterval(status);
    for (const s of sims) s.driver.close();
    console.log(`stopped: ${sent} fixes sent, ${taken} taken`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const duration = Number(args.duration);
  if (duration > 0) setTimeout(stop, duration * 1000);
}

main().catch((err) => {
  console.error('simulator:', (err as Error).message);
  process.exit(1);
});
