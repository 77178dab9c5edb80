import { PasswordForm, ProfileForm } from '@/components/account/account-forms';
import { SessionList, SignOutEverywhere } from '@/components/account/session-list';
import { getDb } from '@/db';
import { listLiveAuthSessions } from '@/db/queries/sessions';
import { countLiveTokens } from '@/db/queries/tokens';
import { SESSION_MAX_AGE_SECONDS } from '@/lib/auth/auth-sessions';
import { requireUser } from '@/lib/auth/session';
import { formatAgo } from '@/lib/format';

export const metadata = { title: 'Account' };

/** "5 Dec 2026": the server cannot know the reader's time zone, and a day is enough here. */
const signedInDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "Last seen" moves every few minutes: within that, the device is as good as active now. */
const ACTIVE_NOW_MS = 5 * 60_000;

export default async function AccountPage() {
  const user = await requireUser('/account');
  const db = await getDb();
  const [sessions, liveTokens] = await Promise.all([listLiveAuthSessions(db, user.id, SESSION_MAX_AGE_SECONDS), countLiveTokens(db, user.id)]);
  const now = Date.now();
  const devices = sessions.map((s) => ({
    id: s.id,
    device: s.device,
    lastSeen: s.id === user.sessionId || now - s.lastSeenAt.getTime() < ACTIVE_NOW_MS ? 'Active now' : `Last active ${formatAgo(s.lastSeenAt, now)}`,
    signedIn: signedInDay.format(s.createdAt),
    current: s.id === user.sessionId,
  }));
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
        <PasswordForm email={user.email} liveTokens={liveTokens} />
      </section>
      <section aria-labelledby="devices" className="space-y-4 rounded-xl border border-line bg-surface p-6">
        <div className="space-y-1">
          <h2 id="devices" className="text-lg font-semibold">
            Signed-in devices
          </h2>
          <p className="text-sm text-muted">Sign out a device you no longer use or do not recognise: it is signed out at once, even if someone copied its cookie.</p>
        </div>
        <SessionList sessions={devices} />
        <SignOutEverywhere />
      </section>
    </div>
  );
}
