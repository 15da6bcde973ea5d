import { SHORTCUTS, type Shortcut } from '../sections/review/shortcuts';
import { useAppCommands } from '../store/app-commands';
import { Modal } from './Modal';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

/** The application menu's own accelerators (main/menu.ts). */
const MENU_KEYS: { keys: string[]; description: string }[] = [
  { keys: [mod, 'I'], description: 'Import recordings' },
  { keys: [mod, 'O'], description: 'Open an exam bundle' },
  { keys: [mod, 'E'], description: 'Export the report' },
  { keys: [mod, '/'], description: 'This list' },
];

/** Help › Keyboard shortcuts: the menu keys and every key of the review screen, from the one table. */
export function ShortcutsDialog() {
  const { shortcutsOpen, setShortcutsOpen } = useAppCommands();
  if (!shortcutsOpen) return null;
  const groups = new Map<string, { keys: string[]; description: string; id: string }[]>([
    ['App', MENU_KEYS.map((k) => ({ ...k, id: k.description }))],
  ]);
  for (const s of SHORTCUTS as Shortcut[])
    groups.set(`Review: ${s.group}`, [...(groups.get(`Review: ${s.group}`) ?? []), s]);
  return (
    <Modal title="Keyboard shortcuts" onClose={() => setShortcutsOpen(false)} testId="app-shortcuts" wide>
      <div className="help-grid">
        {[...groups].map(([group, list]) => (
          <section key={group}>
            <h3>{group}</h3>
            <dl>
              {list.map((s) => (
                <div key={s.id} className="help-row">
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}
