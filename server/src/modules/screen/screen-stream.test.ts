import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { changeOf } from './screen-changes.consumer.ts';
import { SseConnection, sseFrame } from './screen-stream.ts';
import { ReadingRate } from '../iot/index.ts';
import { DeviceLayer } from './device-layer.ts';
import type { ScreenDevices } from './screen.schemas.ts';

/** A socket whose buffer fills after `room` writes until it drains. */
class SlowResponse extends EventEmitter {
  written: string[] = [];
  writableEnded = false;
  room = 2;
  write(chunk: string): boolean {
    this.written.push(chunk);
    this.room -= 1;
    return this.room > 0;
  }
  end(): void {
    this.writableEnded = true;
  }
  drain(room: number): void {
    this.room = room;
    this.emit('drain');
  }
}

describe('an SSE connection under backpressure', () => {
  it('keeps only the latest frame of each kind while the client is slow, then sends those', () => {
    const res = new SlowResponse();
    let closed = 0;
    const connection = new SseConnection(res as unknown as ServerResponse, () => (closed += 1));
    connection.send('overview', 'o1');
    connection.send('overview', 'o2'); // buffer now full
    for (let i = 3; i <= 10; i++) connection.send('overview', `o${i}`);
    connection.send('alerts', 'a1');
    connection.ping(); // no pings into a full buffer
    expect(res.written).toEqual(['o1', 'o2']);
    res.drain(10);
    expect(res.written).toEqual(['o1', 'o2', 'o10', 'a1']);
    expect(connection.dropped).toBe(7);
    res.emit('close');
    connection.send('overview', 'late');
    expect(res.written.at(-1)).toBe('a1');
    expect(res.writableEnded).toBe(true);
    expect(closed).toBe(1);
  });

  it('frames carry the event, the id and one line of data', () => {
    expect(sseFrame('overview', '{"a":1}', 7)).toBe('event: overview\nid: 7\ndata: {"a":1}\n\n');
    expect(sseFrame('alerts', '[]')).toBe('event: alerts\ndata: []\n\n');
  });
});

describe('what an event means for the screen', () => {
  it('names the regions and the sections it moves', () => {
    expect(
      changeOf({
        type: 'cases.case.registered',
        payload: { gridId: 'g', streetId: 's', districtId: 'd' },
        regionId: 'g',
      }),
    ).toEqual({ regionIds: ['g', 's', 'd', 'g'], sections: ['cases'] });
    expect(
      changeOf({ type: 'iot.device.wentOffline', payload: { deviceId: 'x' }, regionId: 'g1' }),
    ).toEqual({
      regionIds: ['g1'],
      sections: ['devices'],
      connectivity: { deviceId: 'x', online: false },
    });
    expect(
      changeOf({ type: 'iot.devices.imported', payload: { count: 3 }, regionId: null }),
    ).toEqual({ regionIds: null, sections: ['devices'], layout: true });
    expect(changeOf({ type: 'iot.alert.raised', payload: {}, regionId: null }).sections).toEqual([
      'alerts',
    ]);
  });
});

describe('readings per second', () => {
  it('averages the last full minute per region, and forgets older seconds', () => {
    let now = 1_000_000_000;
    const rate = new ReadingRate(() => now);
    const device = { gridId: 'g', streetId: 's', districtId: 'd' };
    for (let i = 0; i < 60; i++) {
      rate.record(device, 10);
      now += 1000;
    }
    expect(rate.perSecond(null)).toBe(10);
    expect(rate.perSecond('s')).toBe(10);
    expect(rate.perSecond('other')).toBe(0);
    now += 30_000;
    expect(rate.perSecond('d')).toBe(5);
    now += 60_000;
    expect(rate.perSecond('g')).toBe(0);
  });
});

describe('a device layer', () => {
  it('follows connectivity and alerts without a rebuild, and serializes valid columns', () => {
    const layer = new DeviceLayer(
      [
        { id: 'a', lng: 121.123456789, lat: 31.2, online: true },
        { id: 'b', lng: 121.5, lat: 31.3, online: false },
        { id: 'c', lng: 121.6, lat: 31.4, online: true },
      ],
      new Set(['c']),
    );
    const first = JSON.parse(layer.bytes(0).toString()) as ScreenDevices;
    expect(first).toMatchObject({ count: 3, id: ['a', 'b', 'c'], state: [0, 1, 2] });
    expect(first.lng[0]).toBe(121.12346);
    expect(layer.bytes(1)).toBe(layer.bytes(2)); // cached until something changes
    layer.setOnline('b', true);
    layer.setOnline('unknown', true);
    layer.setAlerting(new Set());
    expect((JSON.parse(layer.bytes(3).toString()) as ScreenDevices).state).toEqual([0, 0, 0]);
  });
});
