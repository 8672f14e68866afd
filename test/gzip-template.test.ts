import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { GzipTemplate } from '../app/core/gzip-template.js';

describe('a kept page gzipped with a fresh slot', () => {
  const slot = 'SLOT-abc123';

  it('gunzips to the page with the value in every slot', () => {
    const head = '<html><head><title>Seats</title></head><body>'.repeat(50);
    const text = `${head}<script nonce="${slot}"></script><p>after</p><script nonce="${slot}"></script>`;
    const page = new GzipTemplate(text, slot);
    for (const value of ['n0nce+/=', '', 'x'.repeat(40)]) {
      const expected = text.replaceAll(slot, value);
      assert.equal(page.text(value), expected);
      assert.equal(gunzipSync(page.gzip(value)).toString(), expected);
    }
    assert.ok(page.gzip('v').length < Buffer.byteLength(text) / 5, 'the head stays compressed');
  });

  it('holds a page without a slot, one that starts with it, and a rest longer than a stored block', () => {
    const long = randomBytes(100_000).toString('base64'); // more than 65,535 bytes after the slot
    for (const text of ['no slot at all', `${slot}first`, `a${slot}${long}${slot}é€`, slot]) {
      const page = new GzipTemplate(text, slot);
      const expected = text.replaceAll(slot, 'N');
      assert.equal(gunzipSync(page.gzip('N')).toString(), expected);
    }
  });
});
