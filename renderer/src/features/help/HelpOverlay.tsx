import { useState, type KeyboardEvent } from 'react';
import { chordOf, conflictOf, FIXED_ACTIONS, type EditorAction } from '../../editor/index.js';
import { keymapStore, useKeymap } from '../keys/keymapStore.js';

/**
 * The keyboard shortcuts, read from the same table the key handlers use, and where a reader
 * changes them: "Change" then the new key (Esc keeps the old one). Saved for this installation.
 */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const keymap = useKeymap();
  const [editing, setEditing] = useState<EditorAction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const capture = (action: EditorAction, e: KeyboardEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape') return setEditing(null);
    const chord = chordOf(e.nativeEvent);
    if (!chord) return; // a modifier alone: wait for the key
    const taken = conflictOf(keymap, action, chord);
    if (taken) return setProblem(`That key is taken by “${taken.description}”; pick another or change that one first.`);
    keymapStore.bind(action, chord);
    setProblem(null);
    setEditing(null);
  };

  return (
    <div className="help-overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="help-card" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <p className="help-note">
          OHIF/Slicer-like: R resets the view, W steps window presets, Shift+I inverts, Shift+H flips. Reject needs Shift; Flag asks for a
          comment; every review change can be undone from its message.
        </p>
        <table>
          <tbody>
            {keymap.map((b) => (
              <tr key={b.action}>
                <th scope="row">
                  <kbd>{b.label}</kbd>
                </th>
                <td>{b.description}</td>
                <td>
                  {!FIXED_ACTIONS.includes(b.action) &&
                    (editing === b.action ? (
                      <button
                        type="button"
                        autoFocus
                        data-capture-keys=""
                        onKeyDown={(e) => capture(b.action, e)}
                        onBlur={() => setEditing(null)}
                      >
                        Press the new key…
                      </button>
                    ) : (
                      <button type="button" aria-label={`Change the key for ${b.description}`} onClick={() => setEditing(b.action)}>
                        Change
                      </button>
                    ))}
                </td>
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
        {problem && <p role="alert">{problem}</p>}
        <button type="button" onClick={() => keymapStore.reset()}>
          Reset keys to defaults
        </button>{' '}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
