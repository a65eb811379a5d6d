import { jwtVerify, SignJWT } from 'jose';
import { type NotificationKind, notificationKindSchema } from './schemas.ts';

const audience = 'total-customer:unsubscribe';

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * The token of an unsubscribe link: who, and which kind of e-mail, signed (HS256) so that the
 * link works without signing in and cannot be made for anyone else. It never expires: an old
 * e-mail's link must still work.
 */
export async function unsubscribeToken(secret: string, userId: string, kind: NotificationKind): Promise<string> {
  return new SignJWT({ kind })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setAudience(audience)
    .setIssuedAt()
    .sign(keyOf(secret));
}

/** The user and kind a token names, or undefined when it is not one of ours. */
export async function readUnsubscribeToken(
  secret: string,
  token: string,
): Promise<{ userId: string; kind: NotificationKind } | undefined> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { audience, algorithms: ['HS256'] });
    const kind = notificationKindSchema.safeParse(payload.kind);
    if (!kind.success || typeof payload.sub !== 'string' || payload.sub === '') return undefined;
    return { userId: payload.sub, kind: kind.data };
  } catch {
    return undefined;
  }
}
