import * as z from '#lib/zod.ts';

/** The four roles; each is a Cognito group of exactly this name. */
export const roles = ['staff', 'partner', 'advocate', 'leader'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Who is calling: resolved from a verified token and the caller's directory record. */
export interface Caller {
  readonly userId: string;
  readonly role: Role;
  readonly name: string;
  readonly email: string;
  readonly teamId?: string | undefined;
  readonly partnerId?: string | undefined;
}

/**
 * The role a token's groups grant. Exact names only: look-alikes such as `Leader` or `leaders`
 * grant nothing, and a token in two portal groups is refused rather than guessed at.
 */
export function roleFromGroups(groups: unknown): Role | undefined {
  if (!Array.isArray(groups)) return undefined;
  const granted = groups.filter((group): group is Role => roles.includes(group as Role));
  return granted.length === 1 ? granted[0] : undefined;
}
