import { useRoute } from 'preact-iso';
import { IssueBoardPage } from './issue-board.tsx';
import { IssueDetailPage } from './issue-detail.tsx';

/** `/issues` (the board) and `/issues/:id` (one issue), for staff and leaders. */
export function IssuesPage() {
  const { params } = useRoute();
  if (params.id) return <IssueDetailPage key={params.id} id={params.id} />;
  return <IssueBoardPage />;
}
