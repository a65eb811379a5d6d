import type { ComponentType } from 'preact';
import type { Role } from '../api/types.ts';
import { DirectoryPage } from '../pages/directory/directory-page.tsx';
import { MePage } from '../pages/me.tsx';

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

/**
 * Who sees what: the one table for both the navigation and the routes. A screen not listed for
 * a role is not routed for it either (the API refuses it anyway). A new capability adds its
 * item to the roles that use it, e.g. `referrals` for partner, advocate, staff and leader.
 * The first item is where `/` leads.
 */
export const navigation: Record<Role, readonly NavItem[]> = {
  staff: [me],
  partner: [me],
  advocate: [me],
  leader: [me, directory],
};

/** Whether `path` (the current URL path) is `item` or below it, for `aria-current`. */
export function isCurrent(item: NavItem, path: string): boolean {
  const base = item.path.replace(/\/[:*].*$/, '');
  return path === base || path.startsWith(`${base}/`);
}
