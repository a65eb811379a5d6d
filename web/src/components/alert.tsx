import type { ComponentChildren } from 'preact';

/**
 * An error that needs attention: `role="alert"` is announced as soon as it appears. Rendered only
 * when there is something to say, so an empty region is never announced.
 */
export function ErrorAlert({ children }: { children: ComponentChildren }) {
  if (!children) return null;
  return (
    <div class="alert alert-error" role="alert">
      {children}
    </div>
  );
}

/**
 * A polite live region for confirmations ("Team added."). It stays in the page even when empty,
 * because screen readers only announce changes to a region they already know about.
 */
export function StatusMessage({ children }: { children?: ComponentChildren }) {
  return (
    <div class={children ? 'alert alert-success' : 'status-empty'} role="status">
      {children}
    </div>
  );
}
