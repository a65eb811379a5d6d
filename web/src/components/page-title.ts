import { useEffect } from 'preact/hooks';

/** Sets the document title, which screen readers announce on navigation. */
export function usePageTitle(...parts: string[]): void {
  const title = [...parts, 'Total Customer'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
