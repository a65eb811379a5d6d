/**
 * A confirmation that outlives one client-side navigation: a form that goes to another screen
 * on success ("Referral submitted.") leaves it here, and that screen shows it once.
 */
let pending: { path: string; message: string } | null = null;

/** Leaves `message` for the screen at `path`. */
export function flash(path: string, message: string): void {
  pending = { path, message };
}

/** The message left for `path`, once: a second call answers undefined. */
export function takeFlash(path: string): string | undefined {
  if (!pending || pending.path !== path) return undefined;
  const { message } = pending;
  pending = null;
  return message;
}
