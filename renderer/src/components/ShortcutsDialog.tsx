import { useTranslation } from 'react-i18next';
import { shortcutGroups } from '../sections/review/shortcuts';
import { useAppCommands } from '../store/app-commands';
import { Modal } from './Modal';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

/** The application menu's own accelerators (main/menu.ts). */
const MENU_KEYS = [
  { keys: [mod, 'I'], id: 'import' },
  { keys: [mod, 'O'], id: 'openBundle' },
  { keys: [mod, 'E'], id: 'exportReport' },
  { keys: [mod, '/'], id: 'thisList' },
] as const;

/** Help › Keyboard shortcuts: the menu keys and every key of the review screen, from the one table. */
export function ShortcutsDialog() {
  const { t } = useTranslation('review');
  const { shortcutsOpen, setShortcutsOpen } = useAppCommands();
  if (!shortcutsOpen) return null;
  const groups = [
    {
      title: t('appShortcuts.app'),
      rows: MENU_KEYS.map((k) => ({ id: k.id, keys: k.keys, text: t(`appShortcuts.${k.id}`) })),
    },
    ...[...shortcutGroups()].map(([group, list]) => ({
      title: t('appShortcuts.reviewGroup', { group: t(`shortcutGroups.${group}`) }),
      rows: list.map((s) => ({ id: s.id, keys: s.keys, text: t(`shortcuts.${s.id}`) })),
    })),
  ];
  return (
    <Modal title={t('help.title')} onClose={() => setShortcutsOpen(false)} testId="app-shortcuts" wide>
      <div className="help-grid">
        {groups.map((g) => (
          <section key={g.title}>
            <h3>{g.title}</h3>
            <dl>
              {g.rows.map((s) => (
                <div key={s.id} className="help-row">
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dt>
                  <dd>{s.text}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}
