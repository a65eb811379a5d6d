import { usePageTitle } from '../components/page-title.ts';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>There is nothing at this address, or it is not available to you.</p>
      <p>
        <a href="/">Go to your start page</a>
      </p>
    </>
  );
}
