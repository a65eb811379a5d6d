import type { ComponentType } from 'preact';
import type { Role } from '../api/types.ts';
import { DirectoryPage } from '../pages/directory/directory-page.tsx';
import { MePage } from '../pages/me.tsx';
import { ConflictsPage } from '../pages/referrals/conflicts.tsx';
import { ReferralFormPage } from '../pages/referrals/referral-form.tsx';
import { ReferralsPage } from '../pages/referrals/referrals-page.tsx';
import { SettingsPage } from '../pages/settings.tsx';

/**
 * A screen reachable from the main navigation. `path` is the router pattern it answers (with a
 * parameter when it has screens of its own below it); `href` is where its navigation link goes.
 */
export interface NavItem {
  label: string;
  href: string;
  path: string;
  component: ComponentType;
}

const me: NavItem = { label: 'Me', href: '/me', path: '/me', component: MePage };
const directory: NavItem = {
  label: 'Directory',
  href: '/directory/teams',
  path: '/directory/:section?',
  component: DirectoryPage,
};

/** Partners and advocates follow their referrals here; staff and leaders triage them (the same routes). */
const myReferrals: NavItem = {
  label: 'My referrals',
  href: '/referrals',
  path: '/referrals/:id?',
  component: ReferralsPage,
};
const triage: NavItem = { ...myReferrals, label: 'Referrals' };
const refer: NavItem = { label: 'Refer a customer', href: '/refer', path: '/refer', component: ReferralFormPage };
const conflicts: NavItem = { label: 'Conflicts', href: '/conflicts', path: '/conflicts', component: ConflictsPage };
const settings: NavItem = { label: 'Settings', href: '/settings', path: '/settings', component: SettingsPage };

/**
 * Who sees what: the one table for both the navigation and the routes. A screen not listed for
 * a role is not routed for it either (the API refuses it anyway). A new capability adds its
 * item to the roles that use it, e.g. `referrals` for partner, advocate, staff and leader.
 * The first item is where `/` leads.
 */
export const navigation: Record<Role, readonly NavItem[]> = {
  staff: [triage, refer, conflicts, me],
  partner: [myReferrals, refer, me],
  advocate: [myReferrals, refer, me],
  leader: [triage, refer, conflicts, settings, directory, me],
};

/** Whether `path` (the current URL path) is `item` or below it, for `aria-current`. */
export function isCurrent(item: NavItem, path: string): boolean {
  const base = item.path.replace(/\/[:*].*$/, '');
  return path === base || path.startsWith(`${base}/`);
}
