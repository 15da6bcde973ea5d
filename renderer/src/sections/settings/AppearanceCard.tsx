import type { SettingsValues, ThemeSetting } from '../../../../contract/system';
import { useTheme } from '../../theme';

const CHOICES: { value: ThemeSetting; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'follow the operating system' },
  { value: 'light', label: 'Light', hint: '' },
  { value: 'dark', label: 'Dark', hint: '' },
];

/** Light, dark, or whatever the operating system uses. */
export function AppearanceCard({ onSave }: { onSave: (p: Partial<SettingsValues>) => void }) {
  // The choice shows at once (the theme store); the save follows.
  const { setting, set: setTheme } = useTheme();
  return (
    <section className="card" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <div className="theme-choice" role="radiogroup" aria-labelledby="appearance-title">
        {CHOICES.map((c) => (
          <label key={c.value} className="check">
            <input
              type="radio"
              name="theme"
              value={c.value}
              checked={setting === c.value}
              onChange={() => {
                setTheme(c.value);
                onSave({ theme: c.value });
              }}
            />
            {c.label}
            {c.hint && <span className="muted small">({c.hint})</span>}
          </label>
        ))}
      </div>
    </section>
  );
}
