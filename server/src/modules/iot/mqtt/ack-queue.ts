/**
 * In-order PUBACKs for one subscriber connection of the external-broker ingest.
 *
 * mqtt.js hands a connection's messages to `handleMessage` one at a time and sends the PUBACK
 * when it calls back, so waiting there for the commit leaves one message in flight per
 * connection: with 16 connections, batches of a few messages and a few hundred messages per
 * second in all (measured by `npm run bench:ingest`). Instead each QoS 1 message is tracked
 * here and the connection reads on; the PUBACK goes out once the message is stored, in the
 * order the messages arrived (MQTT 3.1.1 §4.6). The broker's in-flight window (Mosquitto:
 * `max_inflight_messages`, or the client's Receive Maximum in MQTT 5) bounds how many wait.
 *
 * When the connection drops, what was waiting is forgotten rather than acknowledged on the
 * next connection (packet ids belong to a connection's exchange): the broker delivers those
 * messages again, and readings keyed by (device, key, ts) absorb the repeat.
 */
export class AckQueue {
  private entries: Array<{ messageId: number; stored: boolean }> = [];

  constructor(private readonly sendPuback: (messageId: number) => void) {}

  /** Tracks a received message; call the returned function once it is stored. */
  track(messageId: number): () => void {
    const entry = { messageId, stored: false };
    const entries = this.entries;
    entries.push(entry);
    return () => {
      entry.stored = true;
      if (entries !== this.entries) return;
      while (entries[0]?.stored) {
        this.sendPuback((entries.shift() as { messageId: number }).messageId);
      }
    };
  }

  /** Forgets everything waiting (the connection dropped, or storing failed). */
  reset(): void {
    this.entries = [];
  }

  get waiting(): number {
    return this.entries.length;
  }
}

/** A PUBACK on the wire (MQTT 3.1.1, and MQTT 5 with reason "success"): 0x40, length 2, id. */
export function pubackPacket(messageId: number): Buffer {
  return Buffer.from([0x40, 0x02, (messageId >> 8) & 0xff, messageId & 0xff]);
}

/** Several PUBACKs in one buffer, for one socket write. */
export function pubackPackets(messageIds: number[]): Buffer {
  const out = Buffer.allocUnsafe(4 * messageIds.length);
  messageIds.forEach((id, i) => {
    out[4 * i] = 0x40;
    out[4 * i + 1] = 0x02;
    out[4 * i + 2] = (id >> 8) & 0xff;
    out[4 * i + 3] = id & 0xff;
  });
  return out;
}

/**
 * Given to mqtt.js's `handleMessage` callback for a QoS 1 message: mqtt.js (5.x) then sends no
 * PUBACK of its own and goes on with the next packet (`ack-queue.test.ts` checks this against
 * the installed version); the AckQueue acknowledges the message once it is stored.
 */
export const ACK_DEFERRED = new Error('acknowledged once stored');
