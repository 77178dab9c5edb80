'use client';

import { Button } from '@/components/ui/button';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="mx-auto mt-16 max-w-md space-y-3 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-muted">The server could not show this page. Try again; if it keeps failing, the server log says why.</p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
