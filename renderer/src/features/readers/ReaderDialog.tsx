import type { ReactNode } from 'react';

/** The modal frame of the Readers panel and the adjudication view: a title and a close button. */
export function ReaderDialog({
  title,
  className,
  onClose,
  children,
}: {
  title: string;
  className: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className="help-overlay" role="dialog" aria-modal="true" aria-label={title}>
      <div className={`help-card ${className}`}>
        <header>
          <h2>{title}</h2>
          <button type="button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
