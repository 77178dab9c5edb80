'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { requireAdmin } from '@/lib/auth/session';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { uuidParam } from '@/lib/http/handlers';
import { enqueue } from '@/lib/jobs';
import { getStorage } from '@/lib/storage';
import { deleteTrack, editTrack, reprocessTrack } from '@/lib/tracks/admin';

const intOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? null : Number(v));
const textOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? null : String(v));

export async function editTrackAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await requireAdmin('/admin/tracks');
    const id = uuidParam(form.get('trackId'), 'track');
    await editTrack(await getDb(), id, {
      title: String(form.get('title') ?? ''),
      artist: textOrNull(form.get('artist')),
      album: textOrNull(form.get('album')),
      genre: textOrNull(form.get('genre')),
      year: intOrNull(form.get('year')),
      trackNo: intOrNull(form.get('trackNo')),
      discNo: intOrNull(form.get('discNo')),
    });
    revalidatePath('/admin/tracks');
    return 'Saved.';
  });
}

export async function reprocessTrackAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await requireAdmin('/admin/tracks');
    await reprocessTrack(await getDb(), getStorage(), uuidParam(form.get('trackId'), 'track'), (e) => enqueue(e));
    revalidatePath('/admin/tracks');
    return 'Processing again.';
  });
}

export async function deleteTrackAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  const result = await runAction(async () => {
    await requireAdmin('/admin/tracks');
    await deleteTrack(await getDb(), getStorage(), uuidParam(form.get('trackId'), 'track'));
    revalidatePath('/admin/tracks');
    return 'Deleted.';
  });
  if (result?.ok && form.get('redirect') === 'list') redirect('/admin/tracks');
  return result;
}
