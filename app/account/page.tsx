import { PasswordForm, ProfileForm } from '@/components/account/account-forms';
import { requireUser } from '@/lib/auth/session';

export const metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser('/account');
  return (
    <div className="mx-auto max-w-xl space-y-8">
      <div>
        <h1 className="text-3xl font-semibold">Account</h1>
        <p className="text-sm text-muted">
          {user.email} · {user.role === 'admin' ? 'Admin' : 'Listener'}
        </p>
      </div>
      <section aria-labelledby="profile" className="space-y-4 rounded-xl border border-line bg-surface p-6">
        <h2 id="profile" className="text-lg font-semibold">
          Profile
        </h2>
        <ProfileForm displayName={user.displayName} />
      </section>
      <section aria-labelledby="password" className="space-y-4 rounded-xl border border-line bg-surface p-6">
        <h2 id="password" className="text-lg font-semibold">
          Password
        </h2>
        <PasswordForm email={user.email} />
      </section>
    </div>
  );
}
