import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';

interface DialogProps {
  /** The dialog's heading, which is also its accessible name. */
  title: string;
  /** Called on Escape and on the close button; the owner then stops rendering the dialog. */
  onClose: () => void;
  children: ComponentChildren;
  /** A sentence under the heading, read out with the name (`aria-describedby`). */
  description?: ComponentChildren;
}

const focusable = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert and
 * traps focus; Escape closes it. Render it only while it is open. On opening, focus moves to
 * its first control (or the one marked `data-autofocus`); on closing, it returns to the element
 * that had it before, when that element is still in the page.
 */
export function Dialog({ title, onClose, children, description }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const id = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) element.showModal();
    const first =
      element.querySelector<HTMLElement>('[data-autofocus]') ??
      body.current?.querySelector<HTMLElement>(focusable) ??
      element.querySelector<HTMLElement>(focusable);
    first?.focus();
    return () => {
      if (element.open) element.close();
      // After the owner's own update: if it put focus somewhere on purpose, leave it there.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if ((active === null || active === document.body) && opener?.isConnected) opener.focus();
      });
    };
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // Escape: the browser would close the dialog behind Preact's back; the owner closes it instead.
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    element.addEventListener('cancel', cancel);
    return () => element.removeEventListener('cancel', cancel);
  }, []);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
    >
      <div class="dialog-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" class="dialog-close" onClick={() => onCloseRef.current()}>
          <span aria-hidden="true">×</span>
          <span class="visually-hidden">Close</span>
        </button>
      </div>
      {description && (
        <p class="dialog-description" id={`${id}-description`}>
          {description}
        </p>
      )}
      <div class="dialog-body" ref={body}>
        {children}
      </div>
    </dialog>
  );
}
