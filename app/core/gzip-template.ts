import { constants, crc32, deflateRawSync } from 'node:zlib';

// A gzip member's fixed header: deflate, no name or time, from Unix.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

/**
 * A page kept gzipped although part of it changes with every answer (the CSP nonce of its
 * scripts, which must be fresh each time). The text before the first `slot` is deflated
 * once and flushed to a byte boundary; each answer deflates only the short rest, with the
 * slot filled, and appends it, with a checksum carried on from the first part: one valid
 * gzip stream for the cost of compressing a few hundred bytes.
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
    return Buffer.concat([this.#headGzip, deflateRawSync(tail), trailer]);
  }
}
