import { useAppCommands } from '../store/app-commands';

/**
 * An exam bundle the app was asked to open (double-click, File › Open exam bundle…). Importing a
 * bundle with its preview gets its own screen; until then the notice says how to merge it.
 */
export function BundleNotice() {
  const { bundles, dismissBundle } = useAppCommands();
  if (!bundles.length) return null;
  return (
    <div className="bundle-notice" role="status" data-testid="bundle-notice">
      {bundles.map((path) => (
        <div key={path} className="bundle-notice-row">
          <span>
            <strong>Exam bundle:</strong> <span className="mono">{path}</span>
            <br />
            <span className="muted">
              Merge it with <code>osce bundle import &quot;{path}&quot;</code>; marks that differ are listed as
              conflicts, never overwritten.
            </span>
          </span>
          <button type="button" onClick={() => dismissBundle(path)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
