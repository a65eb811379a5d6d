import { type HandoffKind, handoffKindNames } from '#domain/handoffs/checklists.ts';

/**
 * A dimension in words, as the web shows it: the API gives each dimension entry its label so
 * that no client has to look ids up in the directory.
 */

/**
 * The directory names a label needs, by `<kind>#<id>` (kind `team`, `partner` or `user`), and
 * checklist items' labels (kind `item`, id `<team>:<item>`).
 */
export type NameLookup = (kind: 'team' | 'partner' | 'user' | 'item', id: string) => string | undefined;

const stageNames: Record<string, string> = { first_purchase: 'First purchase', won_back: 'Won back' };

/** The directory records a dimension names: what to look up before labelling it. */
export function namedIn(dimension: string): { kind: 'team' | 'partner' | 'user'; id: string }[] {
  const [kind, first = '', second = ''] = dimension.split('|')[0]?.split(':') ?? [];
  switch (kind) {
    case 'partner':
      return [{ kind: 'partner', id: first }];
    case 'referrer':
      return [{ kind: 'user', id: first }];
    case 'pair':
      return [
        { kind: 'team', id: first },
        { kind: 'team', id: second },
      ];
    case 'from':
    case 'to':
    case 'item':
      return [{ kind: 'team', id: first }];
    default:
      return [];
  }
}

/** `partner:<id>` → "Northwind Consulting", `pair:<a>:<b>` → "Sales → Support", `sev:sev1` → "Sev 1". */
export function dimensionLabel(dimension: string, names: NameLookup): string {
  if (dimension === 'all') return 'Everyone';
  const [kind, first = '', second = ''] = dimension.split(':');
  const team = (id: string) => names('team', id) ?? id;
  switch (kind) {
    case 'partner':
      return names('partner', first) ?? first;
    case 'referrer':
      return names('user', first) ?? first;
    case 'pair':
      return `${team(first)} → ${team(second)}`;
    case 'from':
      return `Sent by ${team(first)}`;
    case 'to':
      return `Received by ${team(first)}`;
    case 'sev':
      return first.replace(/^sev/, 'Sev ');
    case 'stage':
      return stageNames[first] ?? first.charAt(0).toUpperCase() + first.slice(1);
    case 'kind':
      return handoffKindNames[first as HandoffKind] ?? first;
    case 'item':
      // An item removed from the checklist since keeps its returns, without its words.
      return `${team(first)}: ${names('item', `${first}:${second}`) ?? 'an item since removed from the checklist'}`;
    default:
      return dimension;
  }
}
