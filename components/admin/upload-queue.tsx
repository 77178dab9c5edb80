'use client';

import { CheckCircle2, CircleAlert, CopyCheck, Upload } from 'lucide-react';
import { useRef, useState, type DragEvent } from 'react';
import { buttonClass } from '@/components/ui/button';

type Item = {
  key: string;
  name: string;
  phase: 'waiting' | 'uploading' | 'processing' | 'ready' | 'failed' | 'duplicate';
  upload: number;
  processing: number;
  stage?: string;
  error?: string;
  trackId?: string;
  /** The track already in the library with the same file. */
  duplicateOf?: string;
};
type ApiError = { error?: { code?: string; message?: string; trackId?: string } };

/** An answer that refused the upload; `duplicateOf` when the file is already in the library. */
class UploadRefused extends Error {
  constructor(
    message: string,
    readonly duplicateOf?: string,
  ) {
    super(message);
  }
}

async function refusal(res: Response): Promise<UploadRefused> {
  const { error } = (await res.json().catch(() => ({}))) as ApiError;
  return new UploadRefused(error?.message ?? `The server answered ${res.status}.`, error?.code === 'duplicate' ? error.trackId : undefined);
}

/** PUT with upload progress (fetch cannot report it). */
function put(url: string, file: File, headers: Record<string, string>, onProgress: (f: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(safeMessage(xhr.responseText) ?? `Upload failed (${xhr.status}).`)));
    xhr.onerror = () => reject(new Error('The connection dropped during the upload.'));
    xhr.send(file);
  });
}

function safeMessage(text: string): string | undefined {
  try {
    return (JSON.parse(text) as ApiError).error?.message;
  } catch {
    return undefined;
  }
}

function Bar({ value, label }: { value: number; label: string }) {
  return (
    <div className="h-1.5 w-full overflow-hidden rounded bg-surface-2" role="progressbar" aria-label={label} aria-valuenow={Math.round(value)} aria-valuemin={0} aria-valuemax={100}>
      <div className="h-full bg-accent transition-[width]" style={{ width: `${value}%` }} />
    </div>
  );
}

export function UploadQueue({ maxMb, accept }: { maxMb: number; accept: string }) {
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const update = (key: string, patch: Partial<Item>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function send(file: File, key: string) {
    try {
      update(key, { phase: 'uploading' });
      const slotRes = await fetch('/api/uploads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filename: file.name, size: file.size, contentType: file.type || 'application/octet-stream' }) });
      if (!slotRes.ok) throw await refusal(slotRes);
      const slot = (await slotRes.json()) as { trackId: string; uploadUrl: string; headers: Record<string, string> };
      update(key, { trackId: slot.trackId });
      await put(slot.uploadUrl, file, slot.headers, (f) => update(key, { upload: f * 100 }));
      const done = await fetch(`/api/uploads/${slot.trackId}/complete`, { method: 'POST' });
      if (!done.ok) throw await refusal(done);
      update(key, { phase: 'processing', upload: 100 });
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const res = await fetch(`/api/tracks/${slot.trackId}`);
        if (!res.ok) continue;
        const { track } = (await res.json()) as { track: { status: string; progress: number; stage: string | null; error: string | null; duplicateOf: string | null } };
        if (track.status === 'ready') return update(key, { phase: 'ready', processing: 100 });
        if (track.status === 'failed' && track.duplicateOf) return update(key, { phase: 'duplicate', error: track.error ?? undefined, duplicateOf: track.duplicateOf });
        if (track.status === 'failed') return update(key, { phase: 'failed', error: track.error ?? 'Processing failed.' });
        update(key, { processing: track.progress, stage: track.stage ?? undefined });
      }
    } catch (error) {
      if (error instanceof UploadRefused && error.duplicateOf) return update(key, { phase: 'duplicate', error: error.message, duplicateOf: error.duplicateOf });
      update(key, { phase: 'failed', error: error instanceof Error ? error.message : 'Upload failed.' });
    }
  }

  function add(files: FileList | null) {
    if (!files?.length) return;
    const added = [...files].map((f, n) => ({ file: f, item: { key: `${Date.now()}-${n}-${f.name}`, name: f.name, phase: 'waiting' as const, upload: 0, processing: 0 } }));
    setItems((list) => [...added.map((a) => a.item), ...list]);
    // Two at a time: the server encodes two tracks at once anyway.
    const queue = [...added];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await send(next.file, next.item.key);
    };
    void Promise.all([worker(), worker()]);
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    add(e.dataTransfer.files);
  };

  return (
    <div className="space-y-4">
      <div
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        className={`flex flex-col items-center gap-3 rounded-xl border-2 border-dashed p-10 text-center ${over ? 'border-accent bg-accent/5' : 'border-line bg-surface'}`}
      >
        <Upload aria-hidden className="text-muted" size={32} />
        <p className="font-medium">Drop audio files here</p>
        <p className="text-sm text-muted">MP3, FLAC, WAV, Ogg, Opus, M4A… up to {maxMb} MB each.</p>
        <button type="button" className={buttonClass('secondary')} onClick={() => input.current?.click()}>
          Choose files
        </button>
        <input ref={input} type="file" multiple accept={accept} className="sr-only" aria-label="Choose audio files" onChange={(e) => (add(e.target.files), (e.target.value = ''))} />
      </div>
      {items.length ? (
        <ul className="divide-y divide-line rounded-xl border border-line" aria-live="polite">
          {items.map((i) => (
            <li key={i.key} className="space-y-2 px-4 py-3">
              <div className="flex items-center justify-between gap-3 text-sm">
                <span className="truncate font-medium">{i.name}</span>
                <span className="shrink-0 text-muted">
                  {i.phase === 'waiting' && 'Waiting'}
                  {i.phase === 'uploading' && `Uploading ${Math.round(i.upload)}%`}
                  {i.phase === 'processing' && `Processing ${i.processing}%${i.stage ? ` · ${i.stage}` : ''}`}
                  {i.phase === 'ready' && (
                    <span className="inline-flex items-center gap-1 text-ok">
                      <CheckCircle2 aria-hidden size={16} /> Ready · <a className="underline" href={`/admin/tracks#${i.trackId}`}>see track</a>
                    </span>
                  )}
                  {i.phase === 'failed' && (
                    <span className="inline-flex items-center gap-1 text-danger">
                      <CircleAlert aria-hidden size={16} /> Failed
                    </span>
                  )}
                  {i.phase === 'duplicate' && (
                    <span className="inline-flex items-center gap-1">
                      <CopyCheck aria-hidden size={16} /> Already in the library ·{' '}
                      <a className="underline" href={`/admin/tracks/${i.duplicateOf}`}>
                        see that track
                      </a>
                    </span>
                  )}
                </span>
              </div>
              {i.phase === 'uploading' || i.phase === 'waiting' ? <Bar value={i.upload} label={`Upload of ${i.name}`} /> : null}
              {i.phase === 'processing' ? <Bar value={i.processing} label={`Processing of ${i.name}`} /> : null}
              {i.error ? <p className={`text-sm ${i.phase === 'duplicate' ? 'text-muted' : 'text-danger'}`}>{i.error}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
