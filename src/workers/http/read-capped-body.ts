import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

// Reads a response body, decompressing as it streams and counting the bytes *after*
// decompression, so a 199 KB gzip that expands to 200 MiB stops at the cap instead of filling the
// heap (`.text()` decoded all 200 MiB in our measurements). Back-pressure keeps at most one zlib
// chunk (16 KiB) in flight beyond what has been counted.

export class BodyTooLarge extends Error {
  /** `declared`: the server announced the size in Content-Length, so nothing was read. */
  constructor(
    readonly bytesDecoded: number,
    readonly declared = false,
  ) {
    super(`body exceeded the cap after ${bytesDecoded} bytes`);
    this.name = 'BodyTooLarge';
  }
}

export class UnsupportedEncoding extends Error {
  constructor(readonly encoding: string) {
    super(`unsupported Content-Encoding "${encoding}"`);
    this.name = 'UnsupportedEncoding';
  }
}

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    case 'identity':
    case '':
      return null;
    default:
      throw new UnsupportedEncoding(encoding);
  }
}

/** Decoders for a Content-Encoding header, in the order to apply them (the last coding first). */
export function decodersFor(contentEncoding: string | undefined): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .reverse();
  return codings.map(decoderFor).filter((decoder): decoder is Transform => decoder !== null);
}

export async function readCappedBody(body: Readable, contentEncoding: string | undefined, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const decoders = decodersFor(contentEncoding);
  const chunks: Buffer[] = [];
  let total = 0;
  let tooLarge: BodyTooLarge | null = null;
  const collect = async function collect(source: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        tooLarge = new BodyTooLarge(total);
        throw tooLarge;
      }
      chunks.push(chunk);
    }
  };
  if (decoders.length === 0) {
    // Nothing to decode: read the body directly. pipeline() would build an AbortController and
    // abort it (a DOMException with a stack trace) at the end of every call, which costs more
    // than reading a feed when thousands are fetched per cycle.
    const stop = (): void => {
      body.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    try {
      await collect(body);
    } finally {
      signal.removeEventListener('abort', stop);
    }
    return Buffer.concat(chunks, total);
  }
  try {
    // pipeline() accepts an async function as the last stage at run time; its array overload's
    // types only list streams.
    await pipeline([body, ...decoders, collect as unknown as NodeJS.WritableStream], { signal });
  } catch (error) {
    // Tearing down a decoder mid-stream can surface as an AbortError first: the cap is the cause.
    throw tooLarge ?? error;
  }
  return Buffer.concat(chunks, total);
}
