/**
 * The benchmark's simulated devices speak MQTT 3.1.1 over a raw socket: CONNECT with the
 * device token as username, QoS 1 PUBLISH, PUBACK — the same packets on the wire as mqtt.js
 * sends, without its per-message machinery (packet objects, stores, streams), which on a
 * 2-core machine shared with the broker, PostgreSQL and the ingest cost more CPU per message
 * than the ingest's own parsing. Only what a publishing device needs: no subscriptions, no
 * QoS 2, no keepalive (0: the broker expects no PINGREQ), no reconnect.
 */
import net from 'node:net';

type Callback = (error?: Error) => void;

const EMPTY = Buffer.alloc(0);

function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function utf8Field(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

export class LeanMqttDevice {
  private nextId = 1;
  private readonly waiting = new Map<number, Callback>();
  private pending = EMPTY;
  private closed = false;
  /** Topic bytes with their length prefix, per topic (a device publishes to one or two). */
  private readonly topics = new Map<string, Buffer>();

  private constructor(private readonly socket: net.Socket) {}

  static connect(
    url: string,
    options: { clientId: string; username: string; timeoutMs?: number },
  ): Promise<LeanMqttDevice> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port || 1883) });
      socket.setNoDelay(true);
      const device = new LeanMqttDevice(socket);
      const timer = setTimeout(
        () => fail(new Error('MQTT connect timed out')),
        options.timeoutMs ?? 30_000,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x82, 0x00, 0x00]);
        const payload = Buffer.concat([utf8Field(options.clientId), utf8Field(options.username)]);
        const length = variable.length + payload.length;
        socket.write(
          Buffer.concat([Buffer.from([0x10, ...remainingLength(length)]), variable, payload]),
        );
      });
      let acked = false;
      socket.on('data', (chunk: Buffer) => {
        if (!acked) {
          // CONNACK: 0x20 0x02 <session present> <return code>
          device.pending = Buffer.concat([device.pending, chunk]);
          if (device.pending.length < 4) return;
          if (device.pending[0] !== 0x20 || device.pending[3] !== 0) {
            fail(new Error(`MQTT connection refused (return code ${device.pending[3]})`));
            return;
          }
          acked = true;
          clearTimeout(timer);
          socket.removeListener('error', fail);
          socket.on('error', () => device.close(new Error('connection error')));
          socket.on('close', () => device.close(new Error('connection closed')));
          const rest = device.pending.subarray(4);
          device.pending = EMPTY;
          resolve(device);
          if (rest.length > 0) device.read(rest);
          return;
        }
        device.read(chunk);
      });
    });
  }

  /** QoS 1: `callback` runs when the broker's PUBACK arrives (or the connection fails). */
  publish(topic: string, payload: string, callback: Callback): void {
    if (this.closed) {
      callback(new Error('connection closed'));
      return;
    }
    let id = this.nextId;
    while (this.waiting.has(id)) id = (id % 65535) + 1;
    this.nextId = (id % 65535) + 1;
    this.waiting.set(id, callback);
    let topicBytes = this.topics.get(topic);
    if (!topicBytes) {
      topicBytes = utf8Field(topic);
      this.topics.set(topic, topicBytes);
    }
    const body = Buffer.byteLength(payload, 'utf8');
    const length = topicBytes.length + 2 + body;
    const header = remainingLength(length);
    const packet = Buffer.allocUnsafe(1 + header.length + length);
    let at = 0;
    packet[at++] = 0x32; // PUBLISH, QoS 1
    for (const b of header) packet[at++] = b;
    at += topicBytes.copy(packet, at);
    packet.writeUInt16BE(id, at);
    at += 2;
    packet.write(payload, at, body, 'utf8');
    this.socket.write(packet);
  }

  publishAsync(topic: string, payload: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.publish(topic, payload, (error) => (error ? reject(error) : resolve())),
    );
  }

  async end(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => {
      this.socket.end(Buffer.from([0xe0, 0x00]), () => resolve());
      setTimeout(resolve, 1000).unref();
    });
    this.socket.destroy();
    this.close(new Error('connection ended'));
  }

  private read(chunk: Buffer): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    while (data.length - at >= 2) {
      // Remaining length (1–4 bytes); PUBACKs have 2.
      let length = 0;
      let multiplier = 1;
      let i = at + 1;
      let complete = false;
      while (i < data.length) {
        const byte = data[i++] as number;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || data.length - i < length) break;
      const type = (data[at] as number) >> 4;
      if (type === 4 && length === 2) {
        const id = data.readUInt16BE(i);
        const callback = this.waiting.get(id);
        if (callback) {
          this.waiting.delete(id);
          callback();
        }
      }
      at = i + length;
    }
    this.pending = at < data.length ? Buffer.from(data.subarray(at)) : EMPTY;
  }

  private close(error: Error): void {
    this.closed = true;
    const callbacks = [...this.waiting.values()];
    this.waiting.clear();
    for (const callback of callbacks) callback(error);
  }
}
