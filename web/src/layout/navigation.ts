import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import type { Role } from '../api/types.ts';
import { CustomersPage } from '../pages/customers/customers-page.tsx';
import { WinBackPage } from '../pages/customers/win-back.tsx';
import { DirectoryPage } from '../pages/directory/directory-page.tsx';
import { HandoffFormPage } from '../pages/handoffs/handoff-form.tsx';
import { InboxPage, OutboxPage } from '../pages/handoffs/handoff-list.tsx';
import { HandoffsPage } from '../pages/handoffs/handoffs-page.tsx';
import { TeamNeedsPage } from '../pages/handoffs/team-needs.tsx';
import { IssueFormPage } from '../pages/issues/issue-form.tsx';
import { IssuesPage } from '../pages/issues/issues-page.tsx';
import { MePage } from '../pages/me.tsx';
import { NotificationsPage } from '../pages/notifications.tsx';
import { ConflictsPage } from '../pages/referrals/conflicts.tsx';
import { ReferralFormPage } from '../pages/referrals/referral-form.tsx';
import { ReferralsPage } from '../pages/referrals/referrals-page.tsx';
import { ScorecardRefusal } from '../pages/scorecard-refusal.tsx';
import { SettingsPage } from '../pages/settings.tsx';
import { WebhooksPage } from '../pages/webhooks.tsx';
import { MyWorkPage } from '../pages/work/my-work.tsx';

/**
 * A screen reachable from the main navigation. `path` is the router pattern it answers (with a
 * parameter when it has screens of its own below it); `href` is where its navigation link goes.
 */
export interface NavItem {
  label: string;
  href: string;
  path: string;
  component: ComponentType;
  /** Routed but not linked from the navigation: a page reached from another (a handoff's own page). */
  hidden?: boolean;
  /** The navigation's section: consecutive items of one group are listed under its name. */
  group?: string;
}

/** A page the navigation links, under a group; its route is its link unless `path` says more. */
function navItem(label: string, href: string, component: ComponentType, group: string, path = href): NavItem {
  return { label, href, path, component, group };
}

/** Everyone's feed; the header's bell links it too, with the unread count. */
const notifications = navItem('Notifications', '/notifications', NotificationsPage, 'You');
const me = navItem('Me', '/me', MePage, 'You');
/** Where everyone lands after signing in: what is overdue and what falls due next. */
const myWork = navItem('My work', '/my-work', MyWorkPage, 'Today');
const directory = navItem('Directory', '/directory/teams', DirectoryPage, 'Organisation', '/directory/:section?');

/** Partners and advocates follow their referrals here; staff and leaders triage them (the same routes). */
const myReferrals = navItem('My referrals', '/referrals', ReferralsPage, 'Referrals', '/referrals/:id?');
const triage: NavItem = { ...myReferrals, label: 'Referrals' };
const refer = navItem('Refer a customer', '/refer', ReferralFormPage, 'Referrals');
const conflicts = navItem('Conflicts', '/conflicts', ConflictsPage, 'Referrals');
/** Staff work handoffs from their team's inbox and outbox; each handoff has its own page. */
const inbox = navItem('Inbox', '/inbox', InboxPage, 'Handoffs');
const outbox = navItem('Outbox', '/outbox', OutboxPage, 'Handoffs');
const handOver = navItem('Hand over', '/hand-over', HandoffFormPage, 'Handoffs');
/** What a team needs per kind of handoff: staff keep their own team's, leaders any team's. */
const teamNeeds = navItem('What we need', '/team-needs', TeamNeedsPage, 'Handoffs', '/team-needs/:teamId?');
const teamChecklists: NavItem = { ...teamNeeds, label: 'What teams need' };
const handoffPage: NavItem = {
  label: 'Handoff',
  href: '/handoffs',
  path: '/handoffs/:id',
  component: HandoffsPage,
  hidden: true,
};
/** Leaders: every handoff, with a team filter, and each handoff's page. */
const allHandoffs = navItem('Handoffs', '/handoffs', HandoffsPage, 'Handoffs', '/handoffs/:id?');
const settings = navItem('Settings', '/settings', SettingsPage, 'Organisation');
/** Leaders: where the organisation's events are sent, signed. */
const webhooks = navItem('Webhooks', '/settings/webhooks', WebhooksPage, 'Organisation');
/** The customers directory (staff, leaders); partners and advocates see the customers they brought, read-only. */
const customers = navItem('Customers', '/customers', CustomersPage, 'Customers', '/customers/:id?/:section?');
const myCustomers: NavItem = { ...customers, label: 'My customers' };
const winBack = navItem('Win back', '/win-back', WinBackPage, 'Customers');
/** The issue board and each issue's page; the form is its own item. */
const issues = navItem('Issues', '/issues', IssuesPage, 'Issues', '/issues/:id?');
const reportIssue = navItem('Report an issue', '/report-issue', IssueFormPage, 'Issues');

/**
 * Leaders: the total customer scorecard. Loaded when first opened: its charts (uPlot) would
 * otherwise weigh on every role's first load.
 */
const scorecard = navItem(
  'Scorecard',
  '/scorecard',
  lazy(() => import('../pages/scorecard/scorecard-page.tsx').then((module) => module.ScorecardPage)),
  'Organisation',
);
/** Everyone else: the address answers a friendly refusal rather than "not found". */
const scorecardRefused: NavItem = { ...scorecard, component: ScorecardRefusal, hidden: true };

/**
 * Who sees what: the one table for both the navigation and the routes. A screen not listed for
 * a role is not routed for it either (the API refuses it anyway). A new capability adds its
 * item to the roles that use it, e.g. `referrals` for partner, advocate, staff and leader.
 * The first item is where `/` leads.
 */
export const navigation: Record<Role, readonly NavItem[]> = {
  staff: [
    myWork,
    triage,
    refer,
    conflicts,
    inbox,
    outbox,
    handOver,
    teamNeeds,
    handoffPage,
    customers,
    winBack,
    issues,
    reportIssue,
    notifications,
    me,
    scorecardRefused,
  ],
  partner: [myWork, myReferrals, refer, myCustomers, notifications, me, scorecardRefused],
  advocate: [myWork, myReferrals, refer, myCustomers, notifications, me, scorecardRefused],
  leader: [
    myWork,
    triage,
    refer,
    conflicts,
    allHandoffs,
    teamChecklists,
    customers,
    winBack,
    issues,
    reportIssue,
    scorecard,
    settings,
    webhooks,
    directory,
    notifications,
    me,
  ],
};

/** The visible items of a role, in order, in runs of one group: the navigation's sections. */
export function navigationGroups(role: Role): { name: string; items: NavItem[] }[] {
  const groups: { name: string; items: NavItem[] }[] = [];
  for (const item of navigation[role]) {
    if (item.hidden) continue;
    const name = item.group ?? '';
    const last = groups.at(-1);
    if (last && last.name === name) last.items.push(item);
    else groups.push({ name, items: [item] });
  }
  return groups;
}

function covers(item: NavItem, path: string): number {
  const base = item.path.replace(/\/[:*].*$/, '');
  return path === base || path.startsWith(`${base}/`) ? base.length : -1;
}

/**
 * Whether `path` (the current URL path) is `item` or below it, for `aria-current`. Of items
 * nested in one another (Settings and Settings › Webhooks) only the closest is lit.
 */
export function isCurrent(item: NavItem, path: string, items: readonly NavItem[] = [item]): boolean {
  const reach = covers(item, path);
  return reach >= 0 && items.every((other) => other.hidden || covers(other, path) <= reach);
}
