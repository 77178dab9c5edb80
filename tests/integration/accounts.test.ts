import { describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { getUserCredentials, getUserSessionState } from '@/db/queries/users';
import { adminUpdateUser, changePassword, createFirstAdmin, createUser, registerUser, updateProfile } from '@/lib/accounts';
import { verifyPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';

// The sign-in limits around the password check are the HTTP suites' (security-passwords.test.ts).
const unlimited = (_email: string, verify: () => Promise<boolean>) => verify();

let h: DbHandle;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

// Races for the first admin and the last admin meet real row locks on PostgreSQL's pool.
describe.each(BOTH_DATABASES)('accounts on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h));

  describe('first run', () => {
    it('creates exactly one admin even when two people race for it', async () => {
      const results = await Promise.allSettled([
        createFirstAdmin(h.db, { email: 'first@example.org', displayName: 'First', password: 'password one' }),
        createFirstAdmin(h.db, { email: 'second@example.org', displayName: 'Second', password: 'password two' }),
      ]);
      const created = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      expect(created).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason.message).toMatch(/already has an admin/);
      expect((created[0] as PromiseFulfilledResult<{ role: string }>).value.role).toBe('admin');
    });
  });

  describe('sign-up', () => {
    it('stores the email lower-cased and only a hash of the password', async () => {
      const user = await registerUser(h.db, { email: 'Listener@Example.ORG', displayName: '  Lee  ', password: 'listen to this' }, 'open');
      expect(user).toMatchObject({ email: 'listener@example.org', displayName: 'Lee', role: 'user', disabled: false });
      expect(user).not.toHaveProperty('passwordHash');
      const row = await getUserCredentials(h.db, 'LISTENER@example.org');
      expect(row!.passwordHash).not.toContain('listen to this');
      expect(await verifyPassword(row!.passwordHash, 'listen to this')).toBe(true);
    });

    it('refuses a taken email whatever its case, with a message', async () => {
      const error = await failure(registerUser(h.db, { email: 'LISTENER@example.org', displayName: 'Other', password: 'another one' }, 'open'));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/already exists/);
    });

    it('gives one account to two sign-ups with one email at once, and the other the message', async () => {
      const results = await Promise.allSettled(
        ['Twin@example.org', 'twin@EXAMPLE.org'].map((email) => registerUser(h.db, { email, displayName: 'Twin', password: 'twin password' }, 'open')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const error = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already exists/) });
    });

    it('refuses sign-up when registration is closed', async () => {
      const error = await failure(registerUser(h.db, { email: 'new@example.org', displayName: 'New', password: 'new password' }, 'closed'));
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/Sign-up is closed/);
    });

    it('cannot be used to make oneself an admin', async () => {
      await expect(registerUser(h.db, { email: 'sneaky@example.org', displayName: 'S', password: 'sneaky pass', role: 'admin' }, 'open')).rejects.toMatchObject({ issues: [{ code: 'unrecognized_keys', keys: ['role'] }] });
    });
  });

  describe('account changes', () => {
    it('updates the display name and the row’s updated time, not its created time', async () => {
      const user = await createUser(h.db, { email: 'name@example.org', displayName: 'Before', password: 'name password' }, 'user');
      await new Promise((r) => setTimeout(r, 5));
      const after = await updateProfile(h.db, user.id, { displayName: 'After' });
      expect(after.displayName).toBe('After');
      expect(after.createdAt.getTime()).toBe(user.createdAt.getTime());
      const state = await getUserSessionState(h.db, user.id);
      expect(state!.displayName).toBe('After');
    });

    it('changes the password only with the current one, and ends other sessions', async () => {
      const user = await createUser(h.db, { email: 'pw@example.org', displayName: 'Pw', password: 'old password' }, 'user');
      const wrong = await failure(changePassword(h.db, user.id, { currentPassword: 'not it', newPassword: 'new password' }, unlimited));
      expect(wrong.details.fieldErrors?.currentPassword).toBeDefined();
      const before = await getUserSessionState(h.db, user.id);
      await changePassword(h.db, user.id, { currentPassword: 'old password', newPassword: 'new password' }, unlimited);
      const after = await getUserSessionState(h.db, user.id);
      expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);
      expect(await verifyPassword(after!.passwordHash, 'new password')).toBe(true);
      expect(await verifyPassword(after!.passwordHash, 'old password')).toBe(false);
    });
  });

  describe('admin changes', () => {
    it('never leaves the server without an active admin', async () => {
      const { h: h2, stop: stop2 } = await open();
      try {
        const admin = await createFirstAdmin(h2.db, { email: 'a@example.org', displayName: 'A', password: 'admin password' });
        const user = await createUser(h2.db, { email: 'u@example.org', displayName: 'U', password: 'user password' }, 'user');
        expect((await failure(adminUpdateUser(h2.db, admin.id, admin.id, { role: 'user' }))).message).toMatch(/last admin/);
        expect((await failure(adminUpdateUser(h2.db, admin.id, admin.id, { disabled: true }))).code).toBe('conflict');

        await adminUpdateUser(h2.db, admin.id, user.id, { role: 'admin' });
        const demoted = await adminUpdateUser(h2.db, user.id, admin.id, { role: 'user' });
        expect(demoted.role).toBe('user');
        // Both at once: exactly one of two concurrent demotions of the last two admins may win.
        await adminUpdateUser(h2.db, user.id, admin.id, { role: 'admin' });
        const both = await Promise.allSettled([
          adminUpdateUser(h2.db, admin.id, user.id, { role: 'user' }),
          adminUpdateUser(h2.db, user.id, admin.id, { role: 'user' }),
        ]);
        expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      } finally {
        await h2.close().catch(() => {});
        await stop2();
      }
    });

    it('disabling an account ends its sessions; unknown roles and users are refused', async () => {
      const admin = (await getUserCredentials(h.db, 'first@example.org')) ?? (await getUserCredentials(h.db, 'second@example.org'));
      const user = await createUser(h.db, { email: 'dis@example.org', displayName: 'Dis', password: 'dis password' }, 'user');
      const disabled = await adminUpdateUser(h.db, admin!.id, user.id, { disabled: true });
      expect(disabled.disabled).toBe(true);
      expect((await getUserSessionState(h.db, user.id))!.sessionVersion).toBe(1);
      await expect(adminUpdateUser(h.db, admin!.id, user.id, { role: 'owner' })).rejects.toMatchObject({ issues: [{ path: ['role'], message: 'Role must be "user" or "admin"' }] });
      expect((await failure(adminUpdateUser(h.db, admin!.id, '00000000-0000-4000-8000-000000000000', { role: 'user' }))).code).toBe('not_found');
    });
  });
});
