/**
 * Dialog behaviour every widget modal shares, written once (like Shoelace's internal/modal.ts):
 * the host's native <dialog> is shown with showModal(), which puts it in the top layer and makes the
 * rest of the page inert; Tab and Shift+Tab cycle inside it; Escape asks the host to close; focus
 * returns to the element that opened it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), ' +
  'a[href], [tabindex]:not([tabindex="-1"])';

export interface ModalOptions {
  /** The host's dialog element, once rendered. */
  dialog: () => HTMLDialogElement | null | undefined;
  /** Escape was pressed: the host closes through its own path (it may report the user's action). */
  onEscape: () => void;
}

export class ModalController implements ReactiveController {
  private opener: HTMLElement | null = null;
  private dialog: HTMLDialogElement | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ModalOptions,
  ) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return Boolean(this.dialog?.open);
  }

  /** Shows the dialog modally; focus goes back to `opener` (default: what has focus now) on close. */
  activate(opener?: HTMLElement | null): void {
    const dialog = this.options.dialog();
    if (!dialog || dialog.open) return;
    this.opener = opener ?? deepActiveElement();
    this.dialog = dialog;
    dialog.addEventListener('keydown', this.trapFocus);
    dialog.addEventListener('cancel', this.onCancel);
    dialog.showModal();
  }

  /** Closes the dialog and gives focus back to its opener. */
  deactivate(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    dialog.removeEventListener('keydown', this.trapFocus);
    dialog.removeEventListener('cancel', this.onCancel);
    this.dialog = null;
    if (dialog.open) dialog.close();
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }

  hostDisconnected(): void {
    this.deactivate();
  }

  private readonly onCancel = (event: Event): void => {
    // Escape: the host closes through its own path, so focus returns and the close is reported.
    event.preventDefault();
    this.options.onEscape();
  };

  private readonly trapFocus = (event: KeyboardEvent): void => {
    const dialog = this.dialog;
    if (event.key !== 'Tab' || !dialog) return;
    const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = (dialog.getRootNode() as Document | ShadowRoot).activeElement;
    if (event.shiftKey && (active === first || !dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
}

/** The focused element, looking inside shadow roots (the opener is often inside another widget). */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}
