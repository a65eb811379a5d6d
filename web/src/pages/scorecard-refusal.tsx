import { usePageTitle } from '../components/page-title.ts';

/** What a partner, advocate or staff member sees at /scorecard: whose page it is, and the way back. */
export function ScorecardRefusal() {
  usePageTitle('Scorecard');
  return (
    <>
      <h1>The scorecard is for leaders</h1>
      <p>
        The total customer scorecard is open to the organisation’s leaders only. If you need its figures, ask one of
        them.
      </p>
      <p>
        <a href="/">Go to your start page</a>
      </p>
    </>
  );
}
