'use client';

import { FileUp } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { confidenceLabel } from '@/lib/library/import-match';
import { createImportedPlaylist, type ImportPreview, previewImport } from './import-api';
import { ImportRow, type LineChoice } from './import-review';
import { ownPlaylists } from './playlist-api';
import { toast } from './toast';

/** Rows shown at once: a 10,000-line file is reviewed a page at a time. */
const PAGE = 200;

function initialChoices(preview: ImportPreview): LineChoice[] {
  return preview.lines.map((l) => ({ trackId: l.match?.track.id ?? null, keep: l.match !== null, picked: false }));
}

/** Import a playlist: pick a file or paste one, review each line's match, create the playlist. */
export function PlaylistImport() {
  const router = useRouter();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<LineChoice[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reading' | 'creating' | null>(null);
  const [pasted, setPasted] = useState('');
  const [onlyToCheck, setOnlyToCheck] = useState(false);
  const [shown, setShown] = useState(PAGE);

  async function read(body: Blob | string, filename: string | null) {
    setBusy('reading');
    setError(null);
    const result = await previewImport(body, filename);
    setBusy(null);
    if (!result.ok) return setError(result.message);
    setPreview(result.preview);
    setChoices(initialChoices(result.preview));
    setName(result.preview.name);
    setShown(PAGE);
  }

  const counts = useMemo(() => {
    const c = { exact: 0, likely: 0, unsure: 0, 'not-found': 0, matched: 0, kept: 0 };
    preview?.lines.forEach((l, i) => {
      c[confidenceLabel(l.match?.confidence)]++;
      if (choices[i]?.trackId) c.matched++;
      if (choices[i]?.keep && choices[i]?.trackId) c.kept++;
    });
    return c;
  }, [preview, choices]);

  if (!preview) {
    return (
      <div className="space-y-6">
        <p className="text-muted">An M3U or M3U8 playlist from another player, or a CSV of title, artist and album, as Spotify (Exportify), Apple Music, TuneMyMusic or Soundiiz export it. Up to 10,000 tracks.</p>
        <label className={buttonClass('primary', 'cursor-pointer focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-accent')}>
          <FileUp aria-hidden size={16} /> {busy === 'reading' ? 'Reading…' : 'Choose a file'}
          <input
            type="file"
            className="sr-only"
            accept=".m3u,.m3u8,.csv,.tsv,.txt,audio/x-mpegurl,text/csv,text/plain"
            disabled={busy !== null}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void read(file, file.name);
            }}
          />
        </label>
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (pasted.trim()) void read(pasted, null);
          }}
        >
          <label htmlFor="import-paste" className="block text-sm font-medium">
            Or paste the playlist
          </label>
          <textarea
            id="import-paste"
            rows={6}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={'#EXTM3U\n#EXTINF:354,Queen - Bohemian Rhapsody\nQueen/A Night at the Opera/11 Bohemian Rhapsody.mp3'}
            className="block w-full rounded-md border border-line bg-bg px-3 py-2 font-mono text-sm text-fg placeholder:text-muted"
          />
          <button type="submit" className={buttonClass('secondary')} disabled={busy !== null || !pasted.trim()}>
            Read pasted text
          </button>
        </form>
        {error ? <Notice tone="error">{error}</Notice> : null}
      </div>
    );
  }

  const visible = preview.lines.map((line, index) => ({ line, index })).filter(({ line }) => !onlyToCheck || !['exact', 'likely'].includes(confidenceLabel(line.match?.confidence)));
  const create = async () => {
    const trackIds = choices.filter((c) => c.keep && c.trackId).map((c) => c.trackId!);
    setBusy('creating');
    setError(null);
    const result = await createImportedPlaylist(name.trim(), trackIds);
    setBusy(null);
    if (!result.id) return setError(result.message);
    void ownPlaylists(true);
    if (result.message) toast(result.message, 'error');
    else toast(`Imported ${trackIds.length === 1 ? '1 track' : `${trackIds.length} tracks`} into ${name.trim()}`);
    router.push(`/playlists/${result.id}`);
    router.refresh();
  };

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <p className="text-lg font-medium" role="status">
          {counts.matched} of {preview.lines.length} matched
        </p>
        <p className="text-sm text-muted">
          {counts.exact} exact · {counts.likely} likely · {counts.unsure} unsure · {counts['not-found']} not found. Untick a line to leave it out; pick another track where the match is wrong.
        </p>
      </div>
      <label className="block max-w-md space-y-1 text-sm">
        <span className="font-medium">Playlist name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} className="block w-full rounded-md border border-line bg-bg px-3 py-2 text-fg" />
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass('primary')} disabled={busy !== null || counts.kept === 0 || !name.trim()} onClick={() => void create()}>
          {busy === 'creating' ? 'Creating…' : `Create playlist (${counts.kept} ${counts.kept === 1 ? 'track' : 'tracks'})`}
        </button>
        <button type="button" className={buttonClass('secondary')} disabled={busy !== null} onClick={() => (setPreview(null), setError(null))}>
          Start over
        </button>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="flex flex-wrap gap-2" role="group" aria-label="Which lines to show">
        {[false, true].map((only) => (
          <button key={String(only)} type="button" aria-pressed={onlyToCheck === only} className={buttonClass(onlyToCheck === only ? 'primary' : 'secondary', 'px-3 py-1')} onClick={() => (setOnlyToCheck(only), setShown(PAGE))}>
            {only ? `To check (${counts.unsure + counts['not-found']})` : `All lines (${preview.lines.length})`}
          </button>
        ))}
      </div>
      <ul aria-label="Lines of the file" className="rounded-lg border border-line">
        {visible.slice(0, shown).map(({ line, index }) => (
          <ImportRow key={index} line={line} choice={choices[index]!} onChange={(c) => setChoices((all) => all.map((old, i) => (i === index ? c : old)))} />
        ))}
        {visible.length === 0 ? <li className="px-3 py-4 text-sm text-muted">Nothing to check: every line has a sure match.</li> : null}
      </ul>
      {visible.length > shown ? (
        <button type="button" className={buttonClass('secondary')} onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, visible.length - shown)} more of {visible.length - shown}
        </button>
      ) : null}
    </div>
  );
}
