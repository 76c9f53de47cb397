// A service's mark. The drawings live in the stylesheet (a CSS mask per service, inline SVG data,
// nothing remote), so each icon is one element; unknown services get a neutral plug and never
// break a list. With a label it is an image for assistive tech, otherwise decoration.

const KNOWN = new Set(['rss', 'markdown', 'webhook']);

export function ServiceIcon({ service, size = 20, label }: { service: string; size?: number; label?: string }) {
  return (
    <span
      className="service-icon"
      data-service={KNOWN.has(service) ? service : undefined}
      style={{ width: size, height: size }}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}
