import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, readCappedBody } from '../../src/workers/http/read-capped-body';

// How a response body is read: every byte up to the cap (counted after decompression), and a
// clear failure when the body is too large, the deadline aborts it, or the connection drops.

function body(): PassThrough {
  return new PassThrough();
}

describe('readCappedBody', () => {
  it('returns every chunk of an uncompressed body in order', async () => {
    const stream = body();
    const read = readCappedBody(stream, undefined, 1024, new AbortController().signal);
    stream.write('{"ok":');
    stream.end('true}');
    expect((await read).toString()).toBe('{"ok":true}');
  });

  it('stops at the cap and destroys the stream', async () => {
    const stream = body();
    const read = readCappedBody(stream, undefined, 10, new AbortController().signal);
    stream.write(Buffer.alloc(8));
    stream.write(Buffer.alloc(8));
    const error: unknown = await read.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(BodyTooLarge);
    expect((error as BodyTooLarge).bytesDecoded).toBe(16);
    expect(stream.destroyed).toBe(true);
  });

  it('rejects with the deadline as the reason when the signal aborts mid-body', async () => {
    const stream = body();
    const controller = new AbortController();
    const read = readCappedBody(stream, undefined, 1024, controller.signal);
    stream.write('partial');
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    controller.abort(timeout);
    await expect(read).rejects.toBe(timeout);
    expect(stream.destroyed).toBe(true);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(readCappedBody(body(), undefined, 1024, controller.signal)).rejects.toThrow('cancelled');
  });

  it('rejects with the stream error when the connection fails mid-body', async () => {
    const stream = body();
    const read = readCappedBody(stream, undefined, 1024, new AbortController().signal);
    stream.write('partial');
    stream.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(read).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects when the body closes before its end without an error', async () => {
    const stream = body();
    const read = readCappedBody(stream, undefined, 1024, new AbortController().signal);
    stream.write('partial');
    stream.destroy();
    await expect(read).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('counts a compressed body after decompression', async () => {
    const stream = body();
    const read = readCappedBody(stream, 'gzip', 1000, new AbortController().signal);
    stream.end(gzipSync(Buffer.alloc(100_000)));
    await expect(read).rejects.toBeInstanceOf(BodyTooLarge);
  });

  it('decodes a compressed body within the cap', async () => {
    const stream = body();
    const read = readCappedBody(stream, 'gzip', 1000, new AbortController().signal);
    stream.end(gzipSync('hello'));
    expect((await read).toString()).toBe('hello');
  });
});
