import { randomUUID } from 'node:crypto';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

/** Values encoded once, by identity: see `encodeOnce`. */
const encodings = new WeakMap<object, string>();

/**
 * Marks a value as never changing again, freezes it, and encodes it as JSON now. Socket.IO
 * walks and encodes what it sends once per socket (a 2,000-seat snapshot is about 60 kB);
 * a packet holding this value gets these characters spliced in instead. What the client
 * receives is the same to the byte. Use it for values shared by many messages, such as
 * a map version's snapshot, never for one a caller may still change.
 */
export function encodeOnce<T extends object>(value: T): T {
  if (!encodings.has(value)) encodings.set(value, JSON.stringify(deepFreeze(value)));
  return value;
}

/**
 * Freezes plain JSON data all the way down (an already frozen container may still hold
 * mutable items). Anything that freezing cannot keep still, or that Socket.IO would send
 * other than as its JSON (binary, dates, maps, sets), is refused.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null)
    throw new TypeError('encodeOnce takes plain JSON data only (arrays and plain objects)');
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}

// A string no data can hold (a key or value would need this process's random id): it
// stands in for an encoded value while the rest of the packet is encoded.
const MARK = `\u0000${randomUUID()}#`;
const MARKED = new RegExp(`"\\\\u0000${MARK.slice(1)}(\\d+)"`, 'g');

const PLAIN = 0;
const SHARED = 1;
const BINARY = 2;

function isBinary(value: object): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value) || value instanceof Blob;
}

/**
 * What a packet's data holds: binary (Socket.IO's own path), values encoded once, or
 * neither. The same walk as socket.io-parser's `hasBinary`, but not into encoded values.
 */
function scan(value: unknown, viaToJSON = false): number {
  if (!value || typeof value !== 'object') return PLAIN;
  if (encodings.has(value)) return SHARED;
  let found = PLAIN;
  if (Array.isArray(value)) {
    for (const item of value) if ((found |= scan(item)) & BINARY) return BINARY;
    return found;
  }
  if (isBinary(value)) return BINARY;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function' && !viaToJSON) return scan(toJSON.call(value), true);
  for (const key in value)
    if (
      Object.prototype.hasOwnProperty.call(value, key) &&
      (found |= scan((value as Record<string, unknown>)[key])) & BINARY
    )
      return BINARY;
  return found;
}

/**
 * socket.io-parser's encoder, except that values marked with `encodeOnce` are not walked
 * or encoded again: the rest of the packet is encoded around them.
 */
export class SharedJsonEncoder extends Encoder {
  override encode(packet: Packet): unknown[] {
    if (packet.type !== PacketType.EVENT && packet.type !== PacketType.ACK)
      return super.encode(packet);
    const found = scan(packet.data);
    if (found === BINARY) return super.encode(packet);
    // The same text as socket.io-parser's encodeAsString: type, namespace, ack id, data.
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data == null) return [text];
    if (found === PLAIN) return [text + JSON.stringify(packet.data)];
    const parts: string[] = [];
    const json = JSON.stringify(packet.data, (_key, value: unknown) => {
      const encoded = value && typeof value === 'object' ? encodings.get(value) : undefined;
      if (encoded === undefined) return value;
      parts.push(encoded);
      return MARK + (parts.length - 1);
    });
    return [text + json.replace(MARKED, (_mark, index: string) => parts[Number(index)]!)];
  }
}

/** The parser the Socket.IO server is given: the encoder above, the usual decoder. */
export const socketParser = { Encoder: SharedJsonEncoder, Decoder };
