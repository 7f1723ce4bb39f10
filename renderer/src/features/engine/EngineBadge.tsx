import { useState } from 'react';
import type { EngineStatus } from '../../../../shared/domain/model.js';
import { useOverlays } from '../../app/overlays.js';
import { reviewApi } from '../../api/index.js';

/** Which backend the segmentation engine runs on, why not the faster ones, and the models. */
export function EngineBadge({ projectId }: { projectId: number }) {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A popover among the app's overlays: opening Models or Export closes it, and Escape does.
  const overlays = useOverlays();
  const open = overlays.open === 'engine';
  const load = async (start: boolean) => {
    setError(null);
    const r = await reviewApi.getEngineStatus({ projectId, start });
    if (r.ok) setStatus(r.value);
    else setError(r.error.message);
  };
  return (
    <span className="engine-badge">
      <button
        type="button"
        onClick={() => {
          overlays.toggle('engine');
          if (!open) void load(true);
        }}
      >
        Engine{status?.backend ? `: ${status.backend}` : ''}
      </button>
      {open && (
        <div className="engine-popover" role="dialog" aria-label="Engine status">
          {error && <p role="alert">{error}</p>}
          {!status && !error && <p>Starting the engine…</p>}
          {status && (
            <>
              <p>
                Backend <strong>{status.backend ?? 'not started'}</strong> · {status.engines} engine(s) · {status.crashes} restart(s)
              </p>
              <ul aria-label="Backends tried">
                {status.attempts.map((a) => (
                  <li key={a.backend}>
                    {a.ok ? '✔' : '✘'} {a.backend}: {a.reason}
                  </li>
                ))}
              </ul>
              <p>Models:</p>
              <ul aria-label="Model versions">
                {status.models.map((m) => (
                  <li key={m.id}>
                    {m.active ? '★ ' : ''}
                    {m.version} ({m.origin}) {String(m.config.inputSize)}px ×{String(m.config.widthMultiplier)}
                    {m.config.fit === 'fill' ? ' · image stretched to the grid' : ''}
                  </li>
                ))}
                {!status.models.length && <li>none yet: segmenting a case creates one</li>}
              </ul>
            </>
          )}
        </div>
      )}
    </span>
  );
}
