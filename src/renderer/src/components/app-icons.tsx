// The interface's own line icons (navigation, actions), drawn inline so nothing loads remotely.
// Decorative: the control next to each one carries the text.

const shapes = {
  triggers: <path d="M4 12h6l2-4 3 8 2-4h3" />,
  accounts: (
    <>
      <circle cx="12" cy="8" r="3.5" />
      <path d="M5 20a7 7 0 0 1 14 0" />
    </>
  ),
  activity: <path d="M4 6h16M4 12h16M4 18h10" />,
  items: (
    <>
      <path d="M4 7l8-4 8 4-8 4z" />
      <path d="M4 12l8 4 8-4M4 17l8 4 8-4" />
    </>
  ),
  settings: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2v3m0 14v3M2 12h3m14 0h3M4.9 4.9l2.1 2.1m10 10 2.1 2.1M4.9 19.1 7 17m10-10 2.1-2.1" />
    </>
  ),
  play: <path d="M7 5v14l11-7z" />,
  pause: <path d="M8 5v14M16 5v14" />,
  plus: <path d="M12 5v14M5 12h14" />,
  arrow: <path d="M5 12h14m-5-5 5 5-5 5" />,
  back: <path d="M19 12H5m5-5-5 5 5 5" />,
  search: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="m20 20-4.5-4.5" />
    </>
  ),
  external: <path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />,
  upload: <path d="M12 16V4m-5 5 5-5 5 5M4 20h16" />,
  warning: (
    <>
      <path d="M12 3 2 20h20z" />
      <path d="M12 10v4m0 3v.01" />
    </>
  ),
} as const;

export type AppIconName = keyof typeof shapes;

export function AppIcon({ name, size = 18 }: { name: AppIconName; size?: number }) {
  return (
    <svg
      className="app-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      {shapes[name]}
    </svg>
  );
}
