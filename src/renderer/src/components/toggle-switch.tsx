// A switch (role="switch") for on/off settings that take effect at once, like a trigger's
// enabled flag. It is a real <button>, so Space and Enter work and it sits in the tab order.

export function ToggleSwitch({
  checked,
  onChange,
  label,
  disabled,
  showLabel = false,
}: {
  checked: boolean;
  onChange: (next: boolean) => void;
  label: string;
  disabled?: boolean;
  showLabel?: boolean;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={showLabel ? undefined : label}
      className="toggle-switch"
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="toggle-track" aria-hidden="true">
        <span className="toggle-thumb" />
      </span>
      {showLabel && <span className="toggle-label">{label}</span>}
    </button>
  );
}
