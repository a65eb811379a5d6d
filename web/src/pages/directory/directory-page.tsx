import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { partnersApi, teamsApi } from '../../api/directory.ts';
import type { Partner, Team } from '../../api/types.ts';
import { NotFoundPage } from '../not-found.tsx';
import { ImportPage } from './import.tsx';
import { NamedRecordDirectory } from './named-records.tsx';
import { UsersPage } from './users.tsx';

const sections = [
  { slug: 'teams', label: 'Teams' },
  { slug: 'partners', label: 'Partner organisations' },
  { slug: 'users', label: 'Users' },
  { slug: 'import', label: 'Import CSV' },
] as const;

function TeamsPage() {
  return <NamedRecordDirectory<Team> recordApi={teamsApi} labels={{ title: 'Teams', one: 'team', many: 'teams' }} />;
}

function PartnersPage() {
  return (
    <NamedRecordDirectory<Partner>
      recordApi={partnersApi}
      labels={{ title: 'Partner organisations', one: 'partner organisation', many: 'partner organisations' }}
    />
  );
}

function Section({ slug }: { slug: string | undefined }) {
  switch (slug) {
    case 'teams':
      return <TeamsPage />;
    case 'partners':
      return <PartnersPage />;
    case 'users':
      return <UsersPage />;
    case 'import':
      return <ImportPage />;
    default:
      return <NotFoundPage />;
  }
}

/**
 * The leaders' directory: teams, partner organisations and users, each a tab of its own
 * address (`/directory/teams`, …) so that the browser's back button and bookmarks work.
 */
export function DirectoryPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const section = params.section;

  useEffect(() => {
    if (!section) route('/directory/teams', true);
  }, [section, route]);
  if (!section) return null;

  return (
    <>
      <nav class="sub-nav" aria-label="Directory">
        <ul>
          {sections.map((item) => (
            <li key={item.slug}>
              <a href={`/directory/${item.slug}`} aria-current={item.slug === section ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Section slug={section} />
    </>
  );
}
