// `--provider-param key=value` and `--consumer-param key=value`, repeated. Only the first "=" splits,
// so values may contain "=" (URLs with query strings do).

export interface ParamPair {
  key: string;
  value: string;
}

/** The pair in `text`, or an Error saying why it is not one. */
export function parseParamPair(text: string): ParamPair {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new Error(`expected key=value, got "${text}"`);
  const key = text.slice(0, equals).trim();
  if (key === '') throw new Error(`expected key=value, got "${text}"`);
  return { key, value: text.slice(equals + 1) };
}
