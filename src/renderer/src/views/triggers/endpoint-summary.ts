// One short line that says where a provider reads from or a consumer writes to, for lists:
// a URL as host + path, else the first text parameter. Secrets are never among the params we get.
export function endpointSummary(params: Record<string, unknown>): string {
  const url = params.url;
  if (typeof url === 'string') {
    try {
      const parsed = new URL(url);
      const path = parsed.pathname === '/' ? '' : parsed.pathname;
      return `${parsed.host}${path.length > 40 ? `${path.slice(0, 39)}…` : path}`;
    } catch {
      return url;
    }
  }
  for (const value of Object.values(params)) if (typeof value === 'string' && value.trim() !== '') return value;
  return '';
}
