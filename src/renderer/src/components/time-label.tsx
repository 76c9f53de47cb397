import { formatExact, formatRelative } from './time-format';

export function TimeLabel({ at, className }: { at: number; className?: string }) {
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={formatExact(at)}>
      {formatRelative(at)}
    </time>
  );
}
