import type { Role } from '../api/types.ts';

/** The product's names for the four roles, singular and as a group heading. */
export const roleLabels: Record<Role, { one: string; many: string }> = {
  staff: { one: 'Staff', many: 'Staff' },
  partner: { one: 'Partner', many: 'Partners' },
  advocate: { one: 'Advocate', many: 'Advocates' },
  leader: { one: 'Leader', many: 'Leaders' },
};

export const roles = Object.keys(roleLabels) as Role[];

export function roleLabel(role: string): string {
  return roleLabels[role as Role]?.one ?? role;
}
