import { useEffect, useState } from 'react';
import type { PacsAuthKind, PacsConnection, PacsStudy } from '../../../../shared/domain/pacs.js';
import { reviewApi } from '../../api/index.js';

interface Imported {
  caseId: number;
  name: string;
  sent: string | null;
}

/**
 * The PACS over DICOMweb: connect (the password or token goes to the host once and never comes
 * back: the form shows only whether one is saved), search studies, import the chosen ones with
 * progress and cancel, and send each imported case's corrected mask back as a DICOM SEG.
 */
export function PacsPanel({ projectId, onImported, onClose }: { projectId: number; onImported: () => void; onClose: () => void }) {
  const [connection, setConnection] = useState<PacsConnection | null>(null);
  const [baseUrl, setBaseUrl] = useState('');
  const [auth, setAuth] = useState<PacsAuthKind>('none');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [query, setQuery] = useState({ patientName: '', patientId: '', from: '', to: '', modality: 'MG,RG' });
  const [studies, setStudies] = useState<PacsStudy[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [runId, setRunId] = useState<string | null>(null);
  const [progress, setProgress] = useState('');
  const [imported, setImported] = useState<Imported[]>([]);
  const [message, setMessage] = useState('');

  useEffect(() => {
    void reviewApi.pacsStatus({}).then((r) => {
      if (!r.ok || !r.value.connection) return;
      const c = r.value.connection;
      setConnection(c);
      setBaseUrl(c.baseUrl);
      setAuth(c.auth);
      setUsername(c.username ?? '');
    });
  }, []);
  useEffect(
    () =>
      reviewApi.on.pacsProgress(
        (p) => p.runId === runId && setProgress(`${p.phase === 'retrieve' ? 'Retrieving' : 'Importing'} ${p.done}/${p.total}`),
      ),
    [runId],
  );

  const connect = async () => {
    setMessage('Connecting…');
    const r = await reviewApi.pacsConnect({
      baseUrl: baseUrl.trim(),
      auth,
      ...(auth === 'basic' ? { username } : {}),
      ...(secret ? { secret } : {}),
    });
    setSecret('');
    if (!r.ok) return setMessage(`Not connected: ${r.error.message}`);
    setConnection(r.value);
    setMessage(`Connected to ${r.value.baseUrl}`);
  };

  const search = async () => {
    setMessage('Searching…');
    const r = await reviewApi.pacsSearch({
      ...(query.patientName ? { patientName: query.patientName } : {}),
      ...(query.patientId ? { patientId: query.patientId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      modality: query.modality,
    });
    if (!r.ok) return setMessage(`Search failed: ${r.error.message}`);
    setStudies(r.value);
    setChosen(new Set());
    setMessage(`${r.value.length} stud${r.value.length === 1 ? 'y' : 'ies'} found`);
  };

  const importChosen = async () => {
    const id = `pacs-${Date.now()}`;
    setRunId(id);
    setMessage('');
    const r = await reviewApi.pacsImport({ projectId, runId: id, studyInstanceUids: [...chosen] });
    setRunId(null);
    setProgress('');
    if (!r.ok) return setMessage(`Import failed: ${r.error.message}`);
    const v = r.value;
    setImported((list) => [...list, ...v.imported.map((c) => ({ caseId: c.id, name: c.name, sent: null }))]);
    setMessage(
      `Imported ${v.imported.length} of ${v.retrieved} instance(s)${v.duplicates.length ? `, ${v.duplicates.length} already here` : ''}${v.failed.length ? `, ${v.failed.length} failed (${v.failed[0]!.reason})` : ''}`,
    );
    onImported();
  };

  const send = async (caseId: number) => {
    const r = await reviewApi.pacsSend({ caseIds: [caseId] });
    const text = !r.ok
      ? `Send failed: ${r.error.message}`
      : r.value.failed.length
        ? `Send failed: ${r.value.failed[0]!.reason}`
        : `SEG sent (${r.value.sent[0]!.segSopInstanceUid})`;
    setImported((list) => list.map((i) => (i.caseId === caseId ? { ...i, sent: text } : i)));
  };

  const field = (key: keyof typeof query, label: string, type = 'text') => (
    <label>
      {label} <input aria-label={label} type={type} value={query[key]} onChange={(e) => setQuery({ ...query, [key]: e.target.value })} />
    </label>
  );

  return (
    <div className="help-overlay" role="dialog" aria-modal="true" aria-label="PACS">
      <div className="help-card export-form">
        <h2>PACS (DICOMweb)</h2>
        <form onSubmit={(e) => (e.preventDefault(), void connect())}>
          <label>
            DICOMweb URL{' '}
            <input
              aria-label="DICOMweb URL"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              placeholder="http://pacs:8042/dicom-web"
            />
          </label>
          <label>
            Authentication{' '}
            <select aria-label="Authentication" value={auth} onChange={(e) => setAuth(e.target.value as PacsAuthKind)}>
              <option value="none">none</option>
              <option value="basic">user and password</option>
              <option value="bearer">bearer token</option>
            </select>
          </label>
          {auth === 'basic' && (
            <label>
              User <input aria-label="User" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
            </label>
          )}
          {auth !== 'none' && (
            <label>
              {auth === 'basic' ? 'Password' : 'Token'}{' '}
              <input
                aria-label={auth === 'basic' ? 'Password' : 'Token'}
                type="password"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                placeholder={connection?.hasSecret ? 'saved (leave empty to keep)' : ''}
                autoComplete="current-password"
              />
            </label>
          )}
          <button type="submit">Connect</button>
        </form>
        {connection && (
          <form onSubmit={(e) => (e.preventDefault(), void search())}>
            {field('patientName', 'Patient name')}
            {field('patientId', 'Patient ID')}
            {field('from', 'From', 'date')}
            {field('to', 'To', 'date')}
            <label>
              Modality {/* MG and RG by default: a digitised film is often stored as RG (issue 23 item 8). */}
              <select aria-label="Modality" value={query.modality} onChange={(e) => setQuery({ ...query, modality: e.target.value })}>
                <option value="MG,RG">MG + RG (mammograms and digitised films)</option>
                <option value="MG">MG</option>
                <option value="">any</option>
              </select>
            </label>
            <button type="submit">Search</button>
          </form>
        )}
        {studies.length > 0 && (
          <table aria-label="Studies">
            <thead>
              <tr>
                <th>Import</th>
                <th>Date</th>
                <th>Patient ID</th>
                <th>Patient</th>
                <th>Modalities</th>
                <th>Description</th>
                <th>Images</th>
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => (
                <tr key={s.studyInstanceUid}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Choose study ${s.patientId} ${s.studyDate}`}
                      checked={chosen.has(s.studyInstanceUid)}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(s.studyInstanceUid);
                        else next.delete(s.studyInstanceUid);
                        setChosen(next);
                      }}
                    />
                  </td>
                  <td>{s.studyDate}</td>
                  <td>{s.patientId}</td>
                  <td>{s.patientName}</td>
                  <td>{s.modalities.join(' ')}</td>
                  <td>{s.description}</td>
                  <td>{s.instances ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {studies.length > 0 && (
          <p>
            <button type="button" disabled={chosen.size === 0 || runId !== null} onClick={() => void importChosen()}>
              Import {chosen.size} stud{chosen.size === 1 ? 'y' : 'ies'}
            </button>{' '}
            {runId && (
              <button type="button" onClick={() => void reviewApi.pacsCancel({ runId })}>
                Cancel
              </button>
            )}{' '}
            <span>{progress}</span>
          </p>
        )}
        {imported.length > 0 && (
          <ul aria-label="Imported cases">
            {imported.map((i) => (
              <li key={i.caseId}>
                {i.name}{' '}
                <button type="button" onClick={() => void send(i.caseId)}>
                  Send SEG of case {i.caseId}
                </button>{' '}
                {i.sent && <span role="status">{i.sent}</span>}
              </li>
            ))}
          </ul>
        )}
        {message && <p role="status">{message}</p>}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
