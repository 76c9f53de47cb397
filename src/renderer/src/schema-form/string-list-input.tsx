import { useState, type KeyboardEvent } from 'react';

// A list of short strings (tags, include/exclude words) as removable chips plus one text box:
// Enter or a comma adds, Backspace in an empty box removes the last one, and text still in the box
// when focus leaves is added too, so nothing typed is lost on Save.
export function StringListInput({
  id,
  value,
  onChange,
  placeholder,
  itemLabel,
  describedBy,
  invalid,
}: {
  id: string;
  value: string[];
  onChange: (next: string[]) => void;
  placeholder?: string;
  itemLabel: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const [text, setText] = useState('');

  const commit = () => {
    const additions = text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '' && !value.includes(part));
    if (additions.length > 0) onChange([...value, ...additions]);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <div className={`chip-input${invalid ? ' is-invalid' : ''}`}>
      {value.length > 0 && (
        <ul className="chip-list">
          {value.map((entry) => (
            <li key={entry} className="chip">
              <span>{entry}</span>
              <button type="button" className="chip-remove" aria-label={`Remove ${itemLabel} ${entry}`} onClick={() => onChange(value.filter((v) => v !== entry))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={id}
        type="text"
        value={text}
        placeholder={placeholder}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
    </div>
  );
}
