import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Toaster } from '@/components/library/toast';
import { NavLinks } from '@/components/nav/nav-links';
import { getDb } from '@/db';
import { hasGenres } from '@/db/queries/library';
import { listOwnPlaylistNames } from '@/db/queries/playlists';
import { ThemeToggle } from '@/components/nav/theme-toggle';
import { OfflineShell } from '@/components/ui/offline-shell';
import { Player } from '@/components/player/player';
import { getCurrentUser } from '@/lib/auth/session';
import './globals.css';

// Every page depends on who is asking; none is prerendered, so the build never opens the database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'MIST', template: '%s · MIST' },
  description: 'Your own music server',
};

/** The page's background (app/globals.css) for the theme this browser chose (a cookie). */
const themeColours = { dark: '#0e0f13', light: '#f7f7f9' };
const themeOf = async () => ((await cookies()).get('mist-theme')?.value === 'light' ? 'light' : 'dark');

// The browser's bar, and an installed app's title bar, in the page's background.
export async function generateViewport(): Promise<Viewport> {
  return { themeColor: themeColours[await themeOf()] };
}

function Brand({ theme }: { theme: 'dark' | 'light' }) {
  return (
    <div className="flex items-center justify-between">
      <Link href="/" className="text-lg font-bold tracking-wide">
        MIST
      </Link>
      <ThemeToggle initial={theme} />
    </div>
  );
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = await themeOf();
  const user = await getCurrentUser();
  const db = user ? await getDb() : null;
  const [playlists, genres] = db && user ? await Promise.all([listOwnPlaylistNames(db, user.id), hasGenres(db)]) : [[], false];
  const nav = { signedIn: !!user, isAdmin: user?.role === 'admin', hasGenres: genres };
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-dvh antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <div className="flex min-h-dvh">
          <nav aria-label="Main" className="hidden w-56 shrink-0 flex-col gap-6 border-r border-line bg-surface p-4 md:flex">
            <Brand theme={theme} />
            <NavLinks {...nav} layout="sidebar" />
            {user ? (
              <section aria-labelledby="nav-playlists" className="min-h-0 space-y-1 overflow-y-auto">
                <h2 id="nav-playlists" className="px-3 text-xs font-medium uppercase tracking-wide text-muted">
                  <Link href="/playlists" className="hover:text-fg">
                    Your playlists
                  </Link>
                </h2>
                {playlists.length ? (
                  <ul>
                    {playlists.map((p) => (
                      <li key={p.id}>
                        <Link href={`/playlists/${p.id}`} className="block truncate rounded-md px-3 py-1.5 text-sm text-muted hover:bg-surface-2 hover:text-fg">
                          {p.name}
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="px-3 text-xs text-muted">None yet: “Add to playlist” on any track.</p>
                )}
              </section>
            ) : null}
            {user ? <p className="mt-auto truncate text-xs text-muted">Signed in as {user.displayName}</p> : null}
          </nav>
          <div className="min-w-0 flex-1">
            <header className="border-b border-line px-4 py-2 md:hidden">
              <Brand theme={theme} />
            </header>
            <main id="main" className="px-4 pb-44 pt-6 md:px-8 md:pb-32">
              {children}
            </main>
          </div>
        </div>
        {user ? <Player userId={user.id} /> : null}
        <Toaster />
        <OfflineShell />
        <nav aria-label="Tabs" className="fixed inset-x-0 bottom-0 border-t border-line bg-surface md:hidden">
          <NavLinks {...nav} layout="tabs" />
        </nav>
      </body>
    </html>
  );
}
