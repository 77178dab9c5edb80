import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="mx-auto mt-16 max-w-md space-y-3 text-center">
      <p className="text-sm font-medium text-muted">403</p>
      <h1 className="text-2xl font-semibold">This page is for admins</h1>
      <p className="text-muted">Your account cannot open it. Ask an admin of this server if you need access.</p>
      <Link href="/" className="text-accent underline">
        Back to home
      </Link>
    </div>
  );
}
