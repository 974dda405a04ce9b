import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK_DEFERRED, AckQueue, pubackPacket, pubackPackets } from './ack-queue.ts';

describe('AckQueue', () => {
  it('acknowledges in arrival order, each message once it is stored', () => {
    const sent: number[] = [];
    const acks = new AckQueue((id) => sent.push(id));
    const first = acks.track(1);
    const second = acks.track(2);
    const third = acks.track(3);
    third();
    second();
    // The first is not stored yet: nothing may overtake it.
    expect(sent).toEqual([]);
    expect(acks.waiting).toBe(3);
    first();
    expect(sent).toEqual([1, 2, 3]);
    expect(acks.waiting).toBe(0);
  });

  it('forgets what waited when the connection dropped: the broker delivers it again', () => {
    const sent: number[] = [];
    const acks = new AckQueue((id) => sent.push(id));
    const old = acks.track(7);
    acks.reset();
    const fresh = acks.track(7);
    old();
    expect(sent).toEqual([]);
    fresh();
    expect(sent).toEqual([7]);
  });

  it('writes a PUBACK the way MQTT 3.1.1 and 5 read it', () => {
    expect([...pubackPacket(0x1234)]).toEqual([0x40, 0x02, 0x12, 0x34]);
    expect([...pubackPackets([0x1234, 0x0001])]).toEqual([
      0x40, 0x02, 0x12, 0x34, 0x40, 0x02, 0x00, 0x01,
    ]);
  });
});

/**
 * What the external ingest relies on in the installed mqtt.js: a `handleMessage` that calls
 * back with an error gets no PUBACK from mqtt.js and the next message is handed over at once,
 * and a PUBACK written by us reaches the broker. Checked against a real broker (Aedes, here
 * in-process) so an mqtt.js upgrade that changes this fails loudly.
 */
describe('deferred PUBACKs with the installed mqtt.js', () => {
  let broker: Aedes;
  let server: net.Server;
  let url = '';
  beforeAll(async () => {
    broker = await Aedes.createBroker();
    server = net.createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise((resolve) => server.close(resolve));
  });

  it('hands over messages while earlier ones wait, and acknowledges only what we acknowledge', async () => {
    const subscriber = await mqtt.connectAsync(url, {
      clientId: 'ack-queue-test-sub',
      clean: false,
      reconnectPeriod: 0,
    });
    const held: Array<() => void> = [];
    const acks = new AckQueue((id) => subscriber.stream.write(pubackPacket(id)));
    subscriber.handleMessage = (packet, callback) => {
      held.push(acks.track(packet.messageId as number));
      callback(ACK_DEFERRED);
    };
    await subscriber.subscribeAsync('t/#', { qos: 1 });
    const publisher = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => publisher.publishAsync(`t/${i}`, 'x', { qos: 1 })),
    );
    // All five arrive although none was acknowledged yet (mqtt.js no longer waits for us).
    for (let i = 0; i < 50 && held.length < 5; i++) await new Promise((r) => setTimeout(r, 10));
    expect(held).toHaveLength(5);

    // The broker still holds all five as unacknowledged (Aedes's persistence is untyped)…
    const { persistence } = broker as unknown as {
      persistence: { outgoingStream(client: { id: string }): NodeJS.ReadableStream };
    };
    const unacked = () =>
      new Promise<number>((resolve) => {
        let n = 0;
        persistence
          .outgoingStream({ id: 'ack-queue-test-sub' })
          .on('data', () => (n += 1))
          .on('end', () => resolve(n));
      });
    expect(await unacked()).toBe(5);
    // …until we acknowledge the first three.
    held.slice(0, 3).forEach((stored) => stored());
    for (let i = 0; i < 50 && (await unacked()) > 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(await unacked()).toBe(2);
    held.slice(3).forEach((stored) => stored());
    await publisher.endAsync();
    await subscriber.endAsync(true);
  });
});
