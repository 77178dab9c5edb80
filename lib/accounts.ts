import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { isUniqueViolation } from '@/db/errors';
import { revokeAllAuthSessions } from '@/db/queries/sessions';
import { revokeUserTokens } from '@/db/queries/tokens';
import * as q from '@/db/queries/users';
import type { UserRole } from '@/db/schema';
import { hashPassword, verifyPassword } from './auth/password';
import { AppError } from './errors';
import { forgetKeyGrants } from './playback/key-grants';

export const emailField = z.email('Enter a valid email address').max(254, 'At most 254 characters').transform((e) => e.toLowerCase());
export const displayNameField = z
  .string('Enter a display name')
  .trim()
  .min(1, 'Enter a display name')
  .max(80, 'At most 80 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Control characters are not allowed');
export const passwordField = z
  .string('Enter a password')
  .min(8, 'At least 8 characters')
  .max(256, 'At most 256 characters');

export const signUpInput = z.strictObject({ email: emailField, displayName: displayNameField, password: passwordField });
export type SignUpInput = z.input<typeof signUpInput>;

export const profileInput = z.strictObject({ displayName: displayNameField });
export const passwordChangeInput = z.strictObject({
  currentPassword: z.string('Enter your current password').max(256),
  newPassword: passwordField,
  /** Also revoke every API token of the account (the account page's box, ticked by default). */
  revokeTokens: z.boolean('Must be true or false').optional(),
});
export const adminUserPatch = z
  .strictObject({ role: z.enum(['user', 'admin'], 'Role must be "user" or "admin"').optional(), disabled: z.boolean('Must be true or false').optional() })
  .refine((p) => p.role !== undefined || p.disabled !== undefined, 'Give a role or disabled');

async function insertNewUser(db: Db, input: z.output<typeof signUpInput>, role: UserRole) {
  if (await q.emailTaken(db, input.email)) throw emailTakenError();
  try {
    return await q.insertUser(db, { email: input.email, displayName: input.displayName, passwordHash: await hashPassword(input.password), role });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTakenError();
    throw error;
  }
}

const emailTakenError = () =>
  new AppError('conflict', 'An account with this email already exists. Sign in instead.', {
    fieldErrors: { email: ['An account with this email already exists'] },
  });

/** Self-service sign-up, when registration is open. */
export async function registerUser(db: Db, raw: unknown, registration: 'open' | 'closed') {
  if (registration === 'closed') {
    throw new AppError('forbidden', 'Sign-up is closed on this server. Ask an admin for an account.');
  }
  return insertNewUser(db, signUpInput.parse(raw), 'user');
}

/** Creates a user with a role chosen by an operator (CLI) or the first-run setup. */
export async function createUser(db: Db, raw: unknown, role: UserRole) {
  return insertNewUser(db, signUpInput.parse(raw), role);
}

/**
 * First run: creates the admin only while the server has no users at all. Concurrent
 * attempts are serialised, so exactly one succeeds.
 */
export async function createFirstAdmin(db: Db, raw: unknown) {
  const input = signUpInput.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7351121)`);
    if ((await q.countUsers(tx)) > 0) {
      throw new AppError('conflict', 'This server already has an admin. Sign in instead.');
    }
    return q.insertUser(tx, { email: input.email, displayName: input.displayName, passwordHash, role: 'admin' });
  });
}

/**
 * The admin named by the operator (MIST_ADMIN_EMAIL): created when the server has no users
 * yet, else left alone. Instances starting together on one database all call this; the
 * lock in createFirstAdmin lets one create it and the others find it made.
 */
export async function ensureConfiguredAdmin(db: Db, raw: { email: string; password: string }): Promise<boolean> {
  if ((await q.countUsers(db)) > 0) return false;
  try {
    await createFirstAdmin(db, { ...raw, displayName: 'Admin' });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return false;
    throw error;
  }
}

export async function updateProfile(db: Db, userId: string, raw: unknown) {
  const input = profileInput.parse(raw);
  const user = await q.updateUser(db, userId, input);
  if (!user) throw new AppError('not_found', 'Your account no longer exists.');
  return user;
}

/**
 * Runs a check of an account's password under the sign-in limits (SignInLimiter.attempt for
 * the client's address), so guessing it here is as limited as at the sign-in form.
 */
export type PasswordAttempt = (email: string, verify: () => Promise<boolean>) => Promise<boolean>;

/**
 * Changes the password and ends every session of this account (the browser that changed it
 * signs in again with the new one), and with `revokeTokens` its API tokens too: how many.
 */
export async function changePassword(db: Db, userId: string, raw: unknown, attempt: PasswordAttempt): Promise<{ tokensRevoked: number }> {
  const input = passwordChangeInput.parse(raw);
  const state = await q.getUserSessionState(db, userId);
  if (!state) throw new AppError('not_found', 'Your account no longer exists.');
  if (!(await attempt(state.email, () => verifyPassword(state.passwordHash, input.currentPassword)))) {
    throw new AppError('validation_failed', 'The current password is wrong.', {
      fieldErrors: { currentPassword: ['The current password is wrong'] },
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const tokensRevoked = await db.transaction(async (tx) => {
    await q.updateUser(tx, userId, { passwordHash }, { endSessions: true });
    await revokeAllAuthSessions(tx, userId);
    return input.revokeTokens ? revokeUserTokens(tx, userId) : 0;
  });
  forgetKeyGrants();
  return { tokensRevoked };
}

/** An admin changes another account's role or disabled state; the last active admin stays. */
export async function adminUpdateUser(db: Db, actorId: string, targetId: string, raw: unknown) {
  const patch = adminUserPatch.parse(raw);
  const updated = await db.transaction(async (tx) => {
    const admins = await q.lockActiveAdminIds(tx);
    const target = await q.getUser(tx, targetId);
    if (!target) throw new AppError('not_found', 'No such user.');
    const losesAdmin = (patch.role === 'user' || patch.disabled === true) && admins.includes(targetId);
    if (losesAdmin && admins.length <= 1) {
      throw new AppError('conflict', 'This is the last admin. Make another user an admin first.');
    }
    if (patch.disabled === true && targetId === actorId) {
      throw new AppError('conflict', 'You cannot disable your own account.');
    }
    if (patch.disabled === true) await revokeAllAuthSessions(tx, targetId);
    return (await q.updateUser(tx, targetId, patch, { endSessions: patch.disabled === true }))!;
  });
  // Committed: key grants this process remembers for the account end now.
  forgetKeyGrants();
  return updated;
}
