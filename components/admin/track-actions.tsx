'use client';

import { useActionState } from 'react';
import { deleteTrackAction, editTrackAction, reprocessTrackAction } from '@/app/admin/tracks/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';

function Result({ state }: { state: { ok: boolean; message: string } | null }) {
  return state ? <span className={state.ok ? 'text-xs text-ok' : 'text-xs text-danger'} role={state.ok ? 'status' : 'alert'}>{state.message}</span> : null;
}

export function ReprocessButton({ trackId }: { trackId: string }) {
  const [state, action, pending] = useActionState(reprocessTrackAction, null);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="trackId" value={trackId} />
      <Button type="submit" variant="secondary" className="px-3 py-1" disabled={pending}>
        Process again
      </Button>
      <Result state={state} />
    </form>
  );
}

export function DeleteTrackButton({ trackId, title, redirectToList }: { trackId: string; title: string; redirectToList?: boolean }) {
  const [state, action, pending] = useActionState(deleteTrackAction, null);
  return (
    <form action={action} className="inline-flex items-center gap-2" onSubmit={(e) => !confirm(`Delete “${title}” and its media?`) && e.preventDefault()}>
      <input type="hidden" name="trackId" value={trackId} />
      {redirectToList ? <input type="hidden" name="redirect" value="list" /> : null}
      <Button type="submit" variant="danger" className="px-3 py-1" disabled={pending}>
        Delete
      </Button>
      <Result state={state} />
    </form>
  );
}

type Editable = { id: string; title: string; artist: string | null; album: string | null; genre: string | null; year: number | null; trackNo: number | null; discNo: number | null };

export function EditTrackForm({ track }: { track: Editable }) {
  const [state, action, pending] = useActionState(editTrackAction, null);
  const errors = state?.fieldErrors ?? {};
  return (
    <form action={action} className="grid max-w-2xl grid-cols-2 gap-4">
      <input type="hidden" name="trackId" value={track.id} />
      <div className="col-span-2">{state ? <Notice tone={state.ok ? 'ok' : 'error'}>{state.message}</Notice> : null}</div>
      <div className="col-span-2">
        <Field label="Title" name="title" defaultValue={track.title} required maxLength={500} errors={errors.title} />
      </div>
      <Field label="Artist" name="artist" defaultValue={track.artist ?? ''} maxLength={500} errors={errors.artist} />
      <Field label="Album" name="album" defaultValue={track.album ?? ''} maxLength={500} errors={errors.album} />
      <Field label="Genre" name="genre" defaultValue={track.genre ?? ''} maxLength={200} errors={errors.genre} />
      <Field label="Year" name="year" type="number" min={1} max={9999} defaultValue={track.year ?? ''} errors={errors.year} />
      <Field label="Track number" name="trackNo" type="number" min={1} max={9999} defaultValue={track.trackNo ?? ''} errors={errors.trackNo} />
      <Field label="Disc number" name="discNo" type="number" min={1} max={999} defaultValue={track.discNo ?? ''} errors={errors.discNo} />
      <div className="col-span-2">
        <Button type="submit" disabled={pending}>
          Save
        </Button>
      </div>
    </form>
  );
}
