import { AppIcon } from './app-icons';

// The search field of a view's toolbar: an icon, a label only screen readers hear, and the input.

export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (text: string) => void }) {
  return (
    <label className="search-box">
      <AppIcon name="search" size={16} />
      <span className="visually-hidden">{label}</span>
      <input type="search" value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}
