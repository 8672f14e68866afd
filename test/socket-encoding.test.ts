import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { encodeOnce, SharedJsonEncoder } from '../app/core/socket-encoding.js';

describe('socket packets with values encoded once', () => {
  const plain = new Encoder();
  const shared = new SharedJsonEncoder();
  const seats = () => Array.from({ length: 50 }, (_, id) => ({ id, status: 'available' }));

  it('are the same to the byte as socket.io-parser makes them', () => {
    const states = encodeOnce(seats());
    const sections = encodeOnce([{ id: 1, available: 3 }]);
    const snapshot = { event_id: 7, version: 3, seats: states, sections, hold: null };
    const packets: Packet[] = [
      { type: PacketType.EVENT, nsp: '/', data: ['message', { type: 'x', data: snapshot, ts: 1 }] },
      { type: PacketType.ACK, nsp: '/', id: 12, data: [{ type: 'x', data: snapshot, eid: 'e' }] },
      { type: PacketType.EVENT, nsp: '/admin', id: 3, data: ['message', [states, states]] },
      // Strings that look like the stand-in, and values with toJSON.
      { type: PacketType.EVENT, nsp: '/', data: ['message', { s: '\u0000#0', d: new Date(0) }] },
      { type: PacketType.EVENT, nsp: '/', data: ['message', { plain: seats() }] },
      { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
      { type: PacketType.ACK, nsp: '/', id: 1 },
    ];
    for (const packet of packets) assert.deepEqual(shared.encode(packet), plain.encode(packet));
  });

  it('leave a packet with binary to socket.io-parser, encoded values and all', () => {
    const packet: Packet = {
      type: PacketType.EVENT,
      nsp: '/',
      data: ['message', { seats: encodeOnce(seats()), file: Buffer.from('hi') }],
    };
    const encoded = shared.encode(packet);
    assert.equal(encoded.length, 2, 'the header, then the attachment');
    assert.match(String(encoded[0]), /^51-\["message",\{"seats":\[\{"id":0,"status":"available"\}/);
  });

  it('are frozen, so what was encoded is what is sent', () => {
    const states = encodeOnce(seats());
    assert.throws(() => {
      (states[0] as { status: string }).status = 'held';
    }, TypeError);
    assert.throws(() => states.push({ id: 99, status: 'held' }), TypeError);
    // Also inside a container frozen beforehand.
    const outer = encodeOnce(Object.freeze([{ id: 1, status: 'available' }]));
    assert.throws(() => {
      (outer[0] as { status: string }).status = 'held';
    }, TypeError);
  });

  it('decodes with the very parser Socket.IO ships with, so its fixes reach us', () => {
    const ours = createRequire(import.meta.url).resolve('socket.io-parser');
    const socketIo = createRequire(createRequire(import.meta.url).resolve('socket.io'));
    assert.equal(ours, socketIo.resolve('socket.io-parser'));
  });

  it('takes plain JSON data only: no dates, binary, maps or sets', () => {
    for (const value of [new Date(), Buffer.from('x'), new Map(), new Set()])
      assert.throws(() => encodeOnce([{ value }]), /plain JSON data only/);
  });
});
