import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto mt-16 max-w-md space-y-3 text-center">
      <p className="text-sm font-medium text-muted">404</p>
      <h1 className="text-2xl font-semibold">Nothing here</h1>
      <p className="text-muted">This page does not exist, or no longer does.</p>
      <Link href="/" className="text-accent underline">
        Back to home
      </Link>
    </div>
  );
}
