import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { AuthCard } from '@/components/ui/auth-card';
import { buttonClass } from '@/components/ui/button';
import { getCurrentUser } from '@/lib/auth/session';

export const metadata = { title: 'Sign out' };

export default async function SignOutPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  return (
    <AuthCard title="Sign out" intro={`You are signed in as ${user.email}.`}>
      <div className="flex gap-3">
        <SignOutButton />
        <Link href="/" className={buttonClass('secondary')}>
          Stay signed in
        </Link>
      </div>
    </AuthCard>
  );
}
