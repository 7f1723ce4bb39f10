import { useEffect, useState } from 'react';
import type { InstallationSettingsView } from '../../../../shared/domain/reading.js';
import { reviewApi } from '../../api/index.js';

/**
 * Who is recorded as author of edits and reviews on this installation. Until a name is set the
 * button asks for one (the OS account is often a shared "root" or kiosk user); the popover sets
 * or clears it for every host of this data folder.
 */
export function ReviewerName() {
  const [settings, setSettings] = useState<InstallationSettingsView | null>(null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void reviewApi.getSettings({}).then((r) => r.ok && setSettings(r.value));
  }, []);
  if (!settings) return null;
  const save = async () => {
    const r = await reviewApi.setReviewerName({ name: draft });
    if (!r.ok) return setError(r.error.message);
    setSettings(r.value);
    setOpen(false);
  };
  return (
    <span className="reviewer-name">
      <button
        type="button"
        className={settings.reviewerName ? 'models-button' : 'models-button attention'}
        title={`Edits and reviews are recorded as ${settings.user}`}
        onClick={() => {
          setDraft(settings.reviewerName ?? '');
          setError(null);
          setOpen(!open);
        }}
      >
        {settings.reviewerName ? `Reviewer: ${settings.reviewerName}` : 'Set reviewer name'}
      </button>
      {open && (
        <form
          className="reviewer-popover"
          aria-label="Reviewer settings"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            Reviewer name{' '}
            <input aria-label="Reviewer name" value={draft} maxLength={128} autoFocus onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="submit">Save</button>
          <small>Recorded as the author of your edits and reviews on this installation. Leave empty to use the OS account.</small>
          {error && <p role="alert">{error}</p>}
        </form>
      )}
    </span>
  );
}
