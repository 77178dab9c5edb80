'use client';

import { ListMusic, Search, UserRound } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Cover } from '@/components/catalog/cover';
import { TrackRows } from '@/components/catalog/track-list';
import { plural } from '@/lib/format';
import { AS_YOU_TYPE_LIMIT, MAX_QUERY_CHARS, tooLongMessage } from '@/lib/search/limits';

export type SearchArtist = { id: string; name: string; albumCount: number; trackCount: number };
export type SearchAlbum = { id: string; title: string; artistId: string; artist: string; year: number | null; coverUrl: string | null };
export type SearchTrack = { id: string; title: string; artistId: string | null; artist: string | null; albumId: string | null; album: string | null; durationMs: number | null; coverUrl: string | null; gainDb: number };
export type SearchPlaylist = { id: string; name: string; ownerName: string; own: boolean; isPublic: boolean; trackCount: number };
export type SearchResults = { query: string; artists: SearchArtist[]; albums: SearchAlbum[]; tracks: SearchTrack[]; playlists: SearchPlaylist[] };

const DEBOUNCE_MS = 150;

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

type State = { status: 'idle' | 'loading' | 'done' | 'error'; results: SearchResults | null; message?: string };

/**
 * Search that answers while typing: each keystroke (after a short pause) asks /api/search,
 * cancelling the question before it; the address follows the text, so a reload or a shared
 * link shows the same results. Without JavaScript the form still submits.
 */
export function LiveSearch({ initial }: { initial: SearchResults }) {
  const [text, setText] = useState(initial.query);
  const [state, setState] = useState<State>(() =>
    [...initial.query].length > MAX_QUERY_CHARS ? { status: 'error', results: null, message: tooLongMessage() } : { status: initial.query ? 'done' : 'idle', results: initial.query ? initial : null },
  );
  const pending = useRef<AbortController | null>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false; // the server already answered the query the page opened with
      return;
    }
    const q = text.trim();
    pending.current?.abort();
    history.replaceState(history.state, '', q ? `/search?q=${encodeURIComponent(q)}` : '/search');
    if (!q) return setState({ status: 'idle', results: null });
    if ([...q].length > MAX_QUERY_CHARS) return setState({ status: 'error', results: null, message: tooLongMessage() });
    const controller = new AbortController();
    pending.current = controller;
    setState((s) => ({ ...s, status: 'loading' }));
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/search?q=${encodeURIComponent(q)}&limit=${AS_YOU_TYPE_LIMIT}`, { signal: controller.signal });
        if (res.status === 401) return setState({ status: 'error', results: null, message: 'Your session has ended. Sign in again to search.' });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          return setState({ status: 'error', results: null, message: body?.error?.message ?? 'Search is not answering right now. Try again in a moment.' });
        }
        setState({ status: 'done', results: (await res.json()) as SearchResults });
      } catch (error) {
        if ((error as Error).name !== 'AbortError') setState({ status: 'error', results: null, message: 'The server could not be reached. Check your connection and try again.' });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const results = state.results;
  const empty = results && !results.artists.length && !results.albums.length && !results.tracks.length && !results.playlists.length;
  return (
    <div className="space-y-8">
      <form role="search" action="/search" className="relative" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="q" className="sr-only">
          Search artists, albums, tracks, genres and playlists
        </label>
        <Search aria-hidden size={18} className="pointer-events-none absolute left-3 top-1/2 -translate-y-1/2 text-muted" />
        <input
          id="q"
          name="q"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Artists, albums, tracks, genres, playlists"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          className="w-full rounded-full border border-line bg-surface py-2.5 pl-10 pr-4"
        />
      </form>
      <div aria-live="polite" aria-busy={state.status === 'loading'} className={state.status === 'loading' ? 'opacity-70 transition-opacity' : undefined}>
        {state.status === 'error' ? (
          <p role="alert" className="text-muted">
            {state.message}
          </p>
        ) : !results ? (
          state.status === 'loading' ? <Skeleton /> : <p className="text-muted">Type an artist, an album, a title or a genre. Results appear as you type; small typos and missing accents are fine.</p>
        ) : empty ? (
          <p className="text-muted">Nothing matches “{results.query}”. Check the spelling, or try fewer words.</p>
        ) : (
          <Results results={results} />
        )}
      </div>
    </div>
  );
}

function Results({ results }: { results: SearchResults }) {
  const q = fold(results.query);
  const topArtist = results.artists.find((a) => fold(a.name) === q);
  return (
    <div className="space-y-8">
      {topArtist ? (
        <section aria-labelledby="top-result" className="space-y-3">
          <h2 id="top-result" className="text-lg font-semibold">
            Top result
          </h2>
          <Link href={`/artists/${topArtist.id}`} className="flex max-w-md items-center gap-4 rounded-xl border border-line bg-surface p-4 hover:bg-surface-2">
            <span className="flex size-16 items-center justify-center rounded-full bg-surface-2 text-muted">
              <UserRound aria-hidden size={28} />
            </span>
            <span className="min-w-0">
              <span className="block truncate text-2xl font-bold">{topArtist.name}</span>
              <span className="text-sm text-muted">Artist · {plural(topArtist.albumCount, 'album')} · {plural(topArtist.trackCount, 'track')}</span>
            </span>
          </Link>
        </section>
      ) : null}
      {results.tracks.length ? (
        <section aria-labelledby="tracks" className="space-y-3">
          <div className="flex items-baseline justify-between gap-4">
            <h2 id="tracks" className="text-lg font-semibold">
              Tracks
            </h2>
            {results.tracks.length >= AS_YOU_TYPE_LIMIT ? (
              <Link href={`/search/tracks?q=${encodeURIComponent(results.query)}`} className="text-sm text-muted hover:text-fg hover:underline">
                All matching tracks
              </Link>
            ) : null}
          </div>
          <TrackRows tracks={results.tracks} />
        </section>
      ) : null}
      {results.artists.length ? (
        <section aria-labelledby="artists" className="space-y-3">
          <h2 id="artists" className="text-lg font-semibold">
            Artists
          </h2>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
            {results.artists.map((a) => (
              <li key={a.id}>
                <Link href={`/artists/${a.id}`} className="block rounded-xl border border-line bg-surface p-3 hover:bg-surface-2">
                  <span className="block truncate font-medium">{a.name}</span>
                  <span className="text-sm text-muted">{plural(a.albumCount, 'album')} · {plural(a.trackCount, 'track')}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {results.albums.length ? (
        <section aria-labelledby="albums" className="space-y-3">
          <h2 id="albums" className="text-lg font-semibold">
            Albums
          </h2>
          <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
            {results.albums.map((a) => (
              <li key={a.id} className="min-w-0">
                <Link href={`/albums/${a.id}`} className="group block space-y-2">
                  <Cover url={a.coverUrl} title={a.title} size={160} className="aspect-square !h-auto !w-full shadow" />
                  <span className="block truncate font-medium group-hover:underline">{a.title}</span>
                  <span className="block truncate text-sm text-muted">
                    {a.artist}
                    {a.year ? ` · ${a.year}` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {results.playlists.length ? (
        <section aria-labelledby="playlists" className="space-y-3">
          <h2 id="playlists" className="text-lg font-semibold">
            Playlists
          </h2>
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {results.playlists.map((p) => (
              <li key={p.id} className="min-w-0">
                <Link href={`/playlists/${p.id}`} className="flex items-center gap-3 rounded-xl border border-line bg-surface p-3 hover:bg-surface-2">
                  <ListMusic aria-hidden size={24} className="shrink-0 text-muted" />
                  <span className="min-w-0">
                    <span className="block truncate font-medium">{p.name}</span>
                    <span className="block truncate text-sm text-muted">
                      {p.own ? (p.isPublic ? 'Yours · public' : 'Yours') : `By ${p.ownerName}`} · {plural(p.trackCount, 'track')}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function Skeleton() {
  return (
    <div aria-hidden className="space-y-2">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="h-12 animate-pulse rounded-lg bg-surface motion-reduce:animate-none" />
      ))}
    </div>
  );
}
