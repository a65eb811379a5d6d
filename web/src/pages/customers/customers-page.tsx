import { useRoute } from 'preact-iso';
import { useSession } from '../../auth/session.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { CustomerDetailPage } from './customer-detail.tsx';
import { CustomerFormPage } from './customer-form.tsx';
import { CustomerListPage } from './customer-list.tsx';

/**
 * `/customers`, `/customers/new`, `/customers/:id` and `/customers/:id/edit`. Partners and
 * advocates ("My customers") get the list and the pages, read-only.
 */
export function CustomersPage() {
  const { params } = useRoute();
  const { me } = useSession();
  const staff = me.role === 'staff' || me.role === 'leader';
  const { id, section } = params;
  if (!id) return <CustomerListPage />;
  if (id === 'new' && !section) return staff ? <CustomerFormPage /> : <NotFoundPage />;
  if (section === 'edit') return staff ? <CustomerFormPage key={id} id={id} /> : <NotFoundPage />;
  if (section) return <NotFoundPage />;
  return <CustomerDetailPage key={id} id={id} />;
}
