// Bytes to text, honouring what the feed declares. Order of precedence (as browsers and
// feedparser do): a byte-order mark, then the HTTP charset, then the XML declaration, then UTF-8.
// WHATWG maps "iso-8859-1" and "latin1" to windows-1252, which is what such feeds mean in
// practice (curly quotes in 0x80–0x9F); Node 20's TextDecoder names it so but decodes those bytes
// as C1 controls, so that one range is mapped here.

const XML_DECLARATION_ENCODING = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/** windows-1252 bytes 0x80–0x9F; the five undefined ones stay as C1 controls, as WHATWG says. */
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(body: Uint8Array): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

function bomEncoding(body: Uint8Array): { encoding: string; length: number } | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (body[0] === 0xfe && body[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (body[0] === 0xff && body[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label);
  } catch {
    return null; // an unknown label: fall through to the next source
  }
}

/** UTF-16 without a BOM still starts "<\0?\0" or "\0<\0?"; XML 1.0 appendix F. */
function utf16WithoutBom(body: Uint8Array): string | null {
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return 'utf-16le';
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return 'utf-16be';
  return null;
}

export interface DecodedBody {
  text: string;
  /** The encoding actually used, for messages and tests. */
  encoding: string;
}

export function decodeFeedBody(body: Uint8Array, contentType: string | null | undefined): DecodedBody {
  const bom = bomEncoding(body);
  if (bom) return { text: new TextDecoder(bom.encoding).decode(body.subarray(bom.length)), encoding: bom.encoding };

  const sniffed = utf16WithoutBom(body);
  const declared = sniffed ?? XML_DECLARATION_ENCODING.exec(Buffer.from(body.subarray(0, 1024)).toString('latin1'))?.[1] ?? null;
  const candidates = [charsetOf(contentType), declared, 'utf-8'];
  for (const label of candidates) {
    const decoder = decoderFor(label);
    // A UTF-16 label on a body whose declaration we just read as ASCII is a lie: skip it.
    if (!decoder || (decoder.encoding.startsWith('utf-16') && !sniffed)) continue;
    const text = decoder.encoding === 'windows-1252' ? decodeWindows1252(body) : decoder.decode(body);
    return { text, encoding: decoder.encoding };
  }
  return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8' };
}
