import { DEFAULT_KEYMAP } from '../../editor/index.js';

/** The keyboard shortcuts, read from the same table the key handler uses. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="help-overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="help-card" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {DEFAULT_KEYMAP.map((b) => (
              <tr key={b.action}>
                <th scope="row">
                  <kbd>{b.label}</kbd>
                </th>
                <td>{b.description}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Right-drag</th>
              <td>Window / level</td>
            </tr>
            <tr>
              <th scope="row">Wheel, Shift-drag</th>
              <td>Zoom to cursor, pan</td>
            </tr>
            <tr>
              <th scope="row">Enter / double-click</th>
              <td>Close the polygon</td>
            </tr>
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
