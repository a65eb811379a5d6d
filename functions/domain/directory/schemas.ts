import type { FieldError } from '#domain/errors.ts';
import { type Caller, roleSchema } from '#domain/identity/roles.ts';
import { invisibleCharacter } from '#domain/text.ts';
import * as z from '#lib/zod.ts';

/**
 * Ids are ULIDs (sortable by creation, safe in keys and URLs), but a user's id is their
 * identity provider's subject: a ULID locally, Cognito's UUID `sub` when deployed.
 */
export const idSchema = z
  .string()
  .check(
    z.regex(
      /^(?:[0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
      'Must be an id.',
    ),
  );

/**
 * Visible text: trimmed, in NFC (a name typed on two keyboards is stored, compared and found
 * as one), not empty, bounded, no control characters, nothing invisible (domain/text.ts).
 */
export function text(max: number) {
  return z.string().check(
    z.trim(),
    z.normalize('NFC'),
    z.minLength(1, 'Must not be empty.'),
    z.maxLength(max, `At most ${max} characters.`),
    // C0 and C1 controls (U+0080–U+009F, e.g. NEL) alike; tab, LF and CR stay allowed.
    z.refine(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
      (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(value),
      'Must not hold control characters.',
    ),
    z.superRefine((value, ctx) => {
      const found = invisibleCharacter(value);
      if (found === undefined) return;
      const surrogate = /^U\+D[89A-F]/.test(found);
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: surrogate
          ? `Must be whole characters: ${found} is half of one.`
          : `Must not hold invisible characters: ${found}.`,
      });
    }),
  );
}

export const emailSchema = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)),
  z.email('Must be an e-mail address.'),
);

const recordBase = {
  id: idSchema,
  active: z.boolean(),
  version: z.number().check(z.int(), z.positive()),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/**
 * The leader responsible for a team or a partner organisation, if one is named: they hear of
 * its early warnings; with nobody named, every leader does.
 */
const leaderId = z.optional(idSchema);

export const teamSchema = z.object({ ...recordBase, name: z.string(), leaderId });
export type Team = z.infer<typeof teamSchema>;

export const partnerSchema = z.object({ ...recordBase, name: z.string(), leaderId });
export type Partner = z.infer<typeof partnerSchema>;

export const userSchema = z.object({
  ...recordBase,
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  teamId: z.optional(idSchema),
  partnerId: z.optional(idSchema),
});
export type User = z.infer<typeof userSchema>;

/** A user as the caller of a use case. */
export function callerOf(user: User): Caller {
  return {
    userId: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    teamId: user.teamId,
    partnerId: user.partnerId,
  };
}

export const createNamedSchema = z.strictObject({ name: text(100), leaderId: z.optional(idSchema) });
export const updateNamedSchema = z
  .strictObject({
    name: z.optional(text(100)),
    active: z.optional(z.boolean()),
    // null names nobody: the warnings go to every leader again.
    leaderId: z.optional(z.nullable(idSchema)),
  })
  .check(
    z.refine(
      (value) => value.name !== undefined || value.active !== undefined || value.leaderId !== undefined,
      'Name a field to change.',
    ),
  );

export const createUserSchema = z
  .strictObject({
    name: text(100),
    email: emailSchema,
    role: roleSchema,
    teamId: z.optional(idSchema),
    partnerId: z.optional(idSchema),
  })
  .check(z.superRefine(membershipRule));

/** A new user as first stored: active, version 1, under the id of their sign-in account. */
export function newUser(id: string, input: z.infer<typeof createUserSchema>, at: string): User {
  return {
    id,
    name: input.name,
    email: input.email,
    role: input.role,
    ...(input.teamId ? { teamId: input.teamId } : {}),
    ...(input.partnerId ? { partnerId: input.partnerId } : {}),
    active: true,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

export const updateUserSchema = z
  .strictObject({
    name: z.optional(text(100)),
    active: z.optional(z.boolean()),
    teamId: z.optional(z.nullable(idSchema)),
    partnerId: z.optional(z.nullable(idSchema)),
  })
  .check(z.refine((value) => Object.keys(value).length > 0, 'Name a field to change.'));

/** Staff belong to one team, partner users to one partner organisation, nobody else to either. */
export function membershipIssues(value: {
  role: string;
  teamId?: string | null | undefined;
  partnerId?: string | null | undefined;
}): FieldError[] {
  const issues: FieldError[] = [];
  if (value.role === 'staff' && !value.teamId) issues.push({ path: 'teamId', message: 'Staff belong to a team.' });
  if (value.role === 'partner' && !value.partnerId) {
    issues.push({ path: 'partnerId', message: 'Partner users belong to a partner organisation.' });
  }
  if (value.role !== 'staff' && value.teamId) issues.push({ path: 'teamId', message: 'Only staff belong to a team.' });
  if (value.role !== 'partner' && value.partnerId) {
    issues.push({ path: 'partnerId', message: 'Only partner users belong to a partner organisation.' });
  }
  return issues;
}

function membershipRule(value: Parameters<typeof membershipIssues>[0], ctx: z.core.$RefinementCtx): void {
  for (const issue of membershipIssues(value))
    ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
}
