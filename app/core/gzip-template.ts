import { constants, crc32, deflateRawSync } from 'node:zlib';

// A gzip member's fixed header: deflate, no name or time, from Unix.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

/**
 * A page kept gzipped although part of it changes with every answer (the CSP nonce of its
 * scripts, which must be fresh each time). The text before the first `slot` is deflated
 * once and flushed to a byte boundary; each answer appends the short rest, with the slot
 * filled, as stored (uncompressed) deflate blocks, and a checksum carried on from the first
 * part: one valid gzip stream for the cost of copying a few hundred bytes. Compressing that
 * rest cost more than the rest of the answer (a zlib stream set up and torn down each
 * time, 40 µs; docs/performance.md) to save a hundred bytes.
 */
export class GzipTemplate {
  readonly #head: string;
  readonly #headGzip: Buffer;
  readonly #headCrc: number;
  readonly #headLength: number;
  readonly #tail: string[];

  constructor(text: string, slot: string) {
    const at = text.indexOf(slot);
    this.#head = at < 0 ? text : text.slice(0, at);
    const head = Buffer.from(this.#head);
    this.#headGzip = Buffer.concat([
      GZIP_HEADER,
      deflateRawSync(head, { finishFlush: constants.Z_FULL_FLUSH }),
    ]);
    this.#headCrc = crc32(head);
    this.#headLength = head.length;
    this.#tail = at < 0 ? [''] : text.slice(at).split(slot);
  }

  /** The text with `value` in every slot. */
  text(value: string): string {
    return this.#head + this.#tail.join(value);
  }

  /** The same, gzipped. */
  gzip(value: string): Buffer {
    const tail = Buffer.from(this.#tail.join(value));
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc32(tail, this.#headCrc), 0);
    trailer.writeUInt32LE((this.#headLength + tail.length) % 2 ** 32, 4);
    return Buffer.concat([this.#headGzip, ...storedBlocks(tail), trailer]);
  }
}

/** A stored block holds at most this many bytes (RFC 1951, 3.2.4). */
const STORED_MAX = 0xffff;

/** `data` as stored deflate blocks, the last one final. */
function storedBlocks(data: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  let at = 0;
  do {
    const part = data.subarray(at, at + STORED_MAX);
    at += part.length;
    const header = Buffer.alloc(5);
    header[0] = at >= data.length ? 1 : 0; // BFINAL, and BTYPE 00: stored
    header.writeUInt16LE(part.length, 1);
    header.writeUInt16LE(~part.length & 0xffff, 3);
    blocks.push(header, part);
  } while (at < data.length);
  return blocks;
}
