import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error';

// Reading an OPML file for `import`. The engine takes the document as text (it parses it in a
// worker), so the bytes are decoded here the way an XML parser would: a byte order mark first,
// then the encoding named in the XML declaration, else UTF-8. A file that cannot be read, is
// empty, too large or plainly not OPML is refused before the engine is opened.

/** The contract's limit on the document's length. */
export const MAX_OPML_CHARACTERS = 20 * 1024 * 1024;

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
};

export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // The declaration is ASCII in every encoding a declaration can name without a BOM.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // An encoding name this runtime does not know: UTF-8 is the XML default.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

export async function readOpmlFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`cannot read ${file}: ${REASONS[code] ?? (error as Error).message}`);
  }
  const text = decodeXmlBytes(bytes);
  if (text.trim() === '') throw new UsageError(`${file} is empty`);
  if (text.length > MAX_OPML_CHARACTERS) throw new UsageError(`${file} is larger than the 20 MB an OPML import accepts`);
  if (!/<opml[\s>]/i.test(text)) throw new UsageError(`${file} is not an OPML file (it has no <opml> element)`);
  return text;
}
