import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A table's box, which scrolls sideways when the table is wider than the screen (on a phone).
 * While it scrolls, someone on a keyboard must be able to reach it to scroll it (WCAG 2.1.1,
 * axe's `scrollable-region-focusable`): a table of plain text holds nothing else to focus. So it
 * becomes a named, focusable region then, and stays out of the tab order while the table fits.
 */
export function TableScroll({
  labelledBy,
  label,
  children,
}: {
  /** The id of the heading that names the table, or else `label`. */
  labelledBy?: string;
  label?: string;
  children: ComponentChildren;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      class="table-scroll"
      {...(scrolls
        ? { tabIndex: 0, role: 'region', 'aria-labelledby': labelledBy, 'aria-label': labelledBy ? undefined : label }
        : {})}
    >
      {children}
    </div>
  );
}
