/** A modal dialog: a backdrop, Escape to close, focus kept inside, keys kept from the canvas. */
import type { ReactNode } from 'react';

export function Modal({
  className = '',
  role = 'dialog',
  labelledBy,
  onClose,
  children,
}: {
  className?: string;
  role?: 'dialog' | 'alertdialog';
  labelledBy: string;
  onClose(): void;
  children: ReactNode;
}) {
  return (
    <div
      className="modal-backdrop"
      onKeyDown={(e) => {
        // The editor's shortcuts must not act behind a dialog.
        e.stopPropagation();
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className={`modal ${className}`} role={role} aria-modal="true" aria-labelledby={labelledBy}>
        {children}
      </div>
    </div>
  );
}
