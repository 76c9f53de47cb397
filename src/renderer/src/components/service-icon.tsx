// Service marks drawn here as inline SVG: the window loads no remote assets (CSP img-src 'self').
// Unknown services get a neutral plug, so a new service never breaks the list.

// Stroke, fill and each service's colour are in the stylesheet (.service-icon[data-service]):
// fewer attributes per icon, which counts when a fast scroll mounts hundreds of rows a second.
const paths: Record<string, { body: React.ReactNode }> = {
  rss: {
    body: (
      <>
        <circle cx="7" cy="17" r="2" fill="currentColor" stroke="none" />
        <path d="M5 11a8 8 0 0 1 8 8" />
        <path d="M5 5a14 14 0 0 1 14 14" />
      </>
    ),
  },
  markdown: {
    body: (
      <>
        <rect x="2.5" y="5.5" width="19" height="13" rx="2" />
        <path d="M6 15V9l2.5 3L11 9v6" />
        <path d="M16.5 9v6m-2-2 2 2 2-2" />
      </>
    ),
  },
  webhook: {
    body: (
      <>
        <path d="M10 7.5a3 3 0 1 1 4.2 2.8L17 15" />
        <path d="M7.5 18a3 3 0 1 1 .4-5.9L10.5 7.5" />
        <path d="M16.5 18h-6" />
        <circle cx="17.5" cy="18" r="2.4" />
      </>
    ),
  },
};

const fallback = (
  <>
    <path d="M9 3v5M15 3v5" />
    <path d="M6 8h12v3a6 6 0 0 1-12 0z" />
    <path d="M12 17v4" />
  </>
);

export function ServiceIcon({ service, size = 20, label }: { service: string; size?: number; label?: string }) {
  const entry = paths[service];
  return (
    <svg
      className="service-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      data-service={entry ? service : undefined}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {entry?.body ?? fallback}
    </svg>
  );
}
