import { useEffect, useState } from 'react';
import { reviewApi } from '../../api/index.js';

/** Loads the stored PNG thumbnail as a blob URL (CSP allows blob: images, nothing remote). */
export function CaseThumbnail({ caseId, name }: { caseId: number; name: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let live = true;
    void reviewApi.getThumbnail({ caseId }).then((r) => {
      if (!live || !r.ok) return;
      objectUrl = URL.createObjectURL(new Blob([r.value.data as Uint8Array<ArrayBuffer>], { type: r.value.mimeType }));
      setUrl(objectUrl);
    });
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [caseId]);
  return url ? <img className="thumb" src={url} alt={`Thumbnail of ${name}`} /> : <div className="thumb placeholder" aria-hidden="true" />;
}
