import type { IncomingMessage } from 'node:http';

// Reads a request body with a byte cap, refusing as soon as the cap is passed (not after buffering
// everything), and parses it as JSON. An empty body is `undefined` (channels without arguments).

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyError(413, `The request body is over ${maxBytes} bytes.`);

  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      req.destroy();
      throw new BodyError(413, `The request body is over ${maxBytes} bytes.`);
    }
    chunks.push(chunk);
  }
  if (total === 0) return undefined;
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new BodyError(415, 'The request body must be application/json.');
  try {
    return JSON.parse(Buffer.concat(chunks, total).toString('utf8')) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}
