import type { Db } from '#data/client.ts';
import { userRepository } from '#data/directory-repository.ts';
import { callerOf } from '#domain/directory/schemas.ts';
import { UnauthorizedError } from '#domain/errors.ts';
import type { Caller, Role } from '#domain/identity/roles.ts';

/**
 * The caller a verified token signs in. The token names the user and a role; the user's
 * directory record decides the rest, so a deactivated user is refused at once and team or
 * organisation moves take effect without a new token.
 */
export async function signIn(db: Db, userId: string, role: Role): Promise<Caller> {
  const user = await userRepository.get(db, userId);
  if (!user?.active) throw new UnauthorizedError('This user cannot sign in.');
  if (user.role !== role) throw new UnauthorizedError('The token’s role is not the user’s role.');
  return callerOf(user);
}
