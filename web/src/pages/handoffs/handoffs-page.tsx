import { useRoute } from 'preact-iso';
import { HandoffDetailPage } from './handoff-detail.tsx';
import { AllHandoffsPage } from './handoff-list.tsx';

/**
 * `/handoffs` and `/handoffs/:id`: every handoff (leaders; staff work from their inbox and
 * outbox instead), and one handoff's page (both teams and leaders).
 */
export function HandoffsPage() {
  const { params } = useRoute();
  if (params.id) return <HandoffDetailPage key={params.id} id={params.id} />;
  return <AllHandoffsPage />;
}
