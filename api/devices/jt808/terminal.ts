import net from 'node:net';
import {
  decodeFrame,
  type EncodableBody,
  encodeMessage,
  type HeaderLayout,
  type Jt808Message,
  type LocationReport,
  type PlatformReply,
  type RegisterReply,
} from './codec.ts';
import { FrameSplitter } from './frame.ts';

type Reply = PlatformReply | RegisterReply;

/**
 * The terminal side of JT/T 808 over TCP, for the simulator, the benchmark and the tests: sends
 * typed messages with its own serial numbers and matches the platform's replies to them.
 */
export class Jt808Terminal {
  /** Every message the platform sent, in order (tests look at these). */
  readonly received: Jt808Message[] = [];
  private readonly splitter = new FrameSplitter();
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private serial = 0;

  private constructor(
    private readonly socket: net.Socket,
    readonly phoneBcd: string,
    readonly layout: HeaderLayout,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.splitter.push(chunk)) {
        if (!item.ok) continue;
        const decoded = decodeFrame(item.frame);
        if (!decoded.ok) continue;
        this.received.push(decoded.message);
        const body = decoded.message.body;
        if (body.type === 'platformReply' || body.type === 'registerReply') {
          this.waiting.get(body.replySerial)?.(body);
          this.waiting.delete(body.replySerial);
        }
      }
    });
  }

  /** Connects to a JT/T 808 listener as terminal `phoneBcd` (12 digits for 2013, 20 for 2019). */
  static connect(host: string, port: number, phoneBcd: string, layout: HeaderLayout = 2013): Promise<Jt808Terminal> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        socket.off('error', reject);
        resolve(new Jt808Terminal(socket, phoneBcd, layout));
      });
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  /** Sends a message and returns its serial number (or sends it again under `serial`). */
  send(body: EncodableBody, serial = this.takeSerial()): number {
    this.socket.write(encodeMessage({ layout: this.layout, phoneBcd: this.phoneBcd, serial }, body));
    return serial;
  }

  /** Writes raw bytes, framed or not (fuzzing). */
  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The platform's reply to message `serial`, or undefined after `timeoutMs`. */
  reply(serial: number, timeoutMs = 5000): Promise<Reply | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(serial);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(serial, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  /** Sends and waits for the reply. */
  async request(body: EncodableBody, timeoutMs = 5000, serial?: number): Promise<Reply | undefined> {
    const s = serial ?? this.takeSerial();
    const answer = this.reply(s, timeoutMs);
    this.send(body, s);
    return answer;
  }

  /**
   * Logs in as a real terminal does: with the auth code it kept from its first registration
   * (`knownCode`) it only authenticates (0x0102); without one it registers (0x0100) and
   * authenticates with the code the platform gave. True when accepted.
   */
  async login(knownCode?: string): Promise<boolean> {
    let code = knownCode;
    if (!code) {
      const registered = await this.request({
        type: 'register',
        version: this.layout === 2019 ? 2019 : 2013,
        province: 53,
        city: 2600,
        maker: 'REDMP',
        model: 'SIM-1',
        terminalId: this.phoneBcd.slice(-7),
        plateColour: 0,
        plate: '',
      });
      if (registered?.type !== 'registerReply' || registered.result !== 0) return false;
      code = registered.authCode;
    }
    if (!code) return false;
    const auth = await this.request({
      type: 'auth',
      authCode: code,
      ...(this.layout === 2019 ? { imei: '860000000000000', softwareVersion: 'redmap-sim' } : {}),
    });
    return auth?.type === 'platformReply' && auth.result === 0;
  }

  close(): void {
    this.socket.destroy();
  }

  /** The next serial number of this terminal (for a message it may have to send again). */
  takeSerial(): number {
    const s = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return s;
  }
}

/** A fixed location report at `lon`/`lat` and `time` (status: fix valid, BeiDou + GPS). */
export function locationReport(lon: number, lat: number, time: Date, speedKmh = 0, heading = 0): LocationReport {
  return {
    alarm: 0,
    status: (1 << 1) | (1 << 18) | (1 << 19),
    fixed: true,
    lat,
    lon,
    altitudeM: 1200,
    speedKmh,
    heading,
    time,
    satellites: 12,
    extras: [],
  };
}
