// Text from feeds and users goes into attributes and elements of an XML document we write. XML 1.0
// forbids most control characters outright (even escaped), so they are dropped; the five markup
// characters are escaped; and in attributes, tab and line breaks are written as character
// references so a parser's attribute-value normalisation does not turn them into spaces.

// Characters XML 1.0 does not allow anywhere: C0 controls other than tab/LF/CR, lone surrogates,
// U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXmlText(value: string): string {
  return value.replace(NOT_XML_CHARACTERS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
