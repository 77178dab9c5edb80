'use client';

import { Plus, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { CONDITION_FIELDS, MAX_CONDITIONS, MAX_SMART_LIMIT, rulesSchema, SORTS, type Condition, type ConditionField, type SmartRules, type SmartSort } from '@/lib/library/smart-rules';

/** One condition row as typed: every input's text, whichever the field uses. */
type Row = { key: number; field: ConditionField; op: 'is' | 'contains'; text: string; from: string; to: string; n: string };

const FIELD_LABELS: Record<ConditionField, string> = { artist: 'Artist', album: 'Album', year: 'Year', added: 'Added', plays: 'Play count', notPlayed: 'Not played', liked: 'Liked', duration: 'Length' };
const SORT_LABELS: Record<SmartSort, string> = { added: 'Date added', title: 'Title', artist: 'Artist', album: 'Album', year: 'Year', plays: 'Play count', lastPlayed: 'Last played', random: 'Random' };
const input = 'rounded-md border border-line bg-bg px-2 py-1.5 text-sm';

let nextKey = 1;
const blankRow = (field: ConditionField = 'artist'): Row => ({ key: nextKey++, field, op: 'contains', text: '', from: '', to: '', n: field === 'plays' ? '0' : '30' });
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
const minutesToSeconds = (s: string) => (num(s) === undefined ? undefined : Math.round(Number(s) * 60));

function toCondition(r: Row): Record<string, unknown> {
  switch (r.field) {
    case 'artist':
    case 'album':
      return { field: r.field, op: r.op, value: r.text };
    case 'year':
      return { field: r.field, from: num(r.from), to: num(r.to) };
    case 'duration':
      return { field: r.field, from: minutesToSeconds(r.from), to: minutesToSeconds(r.to) };
    case 'added':
    case 'notPlayed':
      return { field: r.field, days: num(r.n) };
    case 'plays':
      return { field: r.field, moreThan: num(r.n) };
    case 'liked':
      return { field: r.field };
  }
}

function toRow(c: Condition): Row {
  const row = blankRow(c.field);
  if (c.field === 'artist' || c.field === 'album') return { ...row, op: c.op, text: c.value };
  if (c.field === 'year') return { ...row, from: c.from?.toString() ?? '', to: c.to?.toString() ?? '' };
  if (c.field === 'duration') return { ...row, from: c.from === undefined ? '' : String(c.from / 60), to: c.to === undefined ? '' : String(c.to / 60) };
  if (c.field === 'added' || c.field === 'notPlayed') return { ...row, n: String(c.days) };
  if (c.field === 'plays') return { ...row, n: String(c.moreThan) };
  return row;
}

export type EditorSubmit = (rules: unknown) => Promise<{ ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string[]> }>;

/**
 * The rules of a smart playlist: condition rows (a field, then the inputs that field needs),
 * all or any, sort, order and limit, with a live count of what they pick. `children` go
 * above the rows (the new playlist's name).
 */
export function SmartRulesEditor({ initial, submitLabel, onSubmit, onCancel, children }: { initial?: SmartRules; submitLabel: string; onSubmit: EditorSubmit; onCancel?: () => void; children?: React.ReactNode }) {
  const [rows, setRows] = useState<Row[]>(() => (initial ? initial.conditions.map(toRow) : [blankRow()]));
  const [match, setMatch] = useState(initial?.match ?? 'all');
  const [sort, setSort] = useState<SmartSort>(initial?.sort ?? 'added');
  const [order, setOrder] = useState(initial?.order ?? 'desc');
  const [limit, setLimit] = useState(String(initial?.limit ?? 100));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ message: string; fieldErrors: Record<string, string[]> } | null>(null);
  const preview = usePreview({ match, conditions: rows.map(toCondition), sort, order, limit: num(limit) });

  const update = (key: number, patch: Partial<Row>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const rowErrors = (i: number) => Object.entries(errors?.fieldErrors ?? {}).flatMap(([path, messages]) => (path.startsWith(`rules.conditions.${i}.`) || path === `rules.conditions.${i}` ? messages : []));
  const otherErrors = Object.entries(errors?.fieldErrors ?? {}).flatMap(([path, messages]) => (/^rules\.conditions\.\d/.test(path) ? [] : messages));

  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const result = await onSubmit({ match, conditions: rows.map(toCondition), sort, order, limit: num(limit) });
        setBusy(false);
        setErrors(result.ok ? null : { message: result.message, fieldErrors: result.fieldErrors ?? {} });
      }}
    >
      {children}
      <fieldset className="space-y-3">
        <legend className="mb-2 flex flex-wrap items-center gap-2 text-sm font-medium">
          Tracks that match
          <select aria-label="Match" value={match} onChange={(e) => setMatch(e.target.value as 'all' | 'any')} className={input}>
            <option value="all">all</option>
            <option value="any">any</option>
          </select>
          of these conditions
        </legend>
        <ol className="space-y-2">
          {rows.map((row, i) => (
            <li key={row.key} className="rounded-lg border border-line p-2">
              <div className="flex items-start gap-2">
                <div className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
                  <select aria-label={`Condition ${i + 1} field`} value={row.field} onChange={(e) => update(row.key, { ...blankRow(e.target.value as ConditionField), key: row.key })} className={input}>
                    {CONDITION_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {FIELD_LABELS[f]}
                      </option>
                    ))}
                  </select>
                  <ConditionInputs row={row} index={i} update={(patch) => update(row.key, patch)} />
                </div>
                <button type="button" aria-label={`Remove condition ${i + 1}`} title="Remove condition" disabled={rows.length === 1} onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))} className="rounded-full p-1.5 text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-30">
                  <X aria-hidden size={16} />
                </button>
              </div>
              {rowErrors(i).length ? <p className="mt-1 text-sm text-danger">{rowErrors(i).join(' ')}</p> : null}
            </li>
          ))}
        </ol>
        <button type="button" disabled={rows.length >= MAX_CONDITIONS} onClick={() => setRows((all) => [...all, blankRow('liked')])} className={buttonClass('secondary')}>
          <Plus aria-hidden size={16} /> Add condition
        </button>
      </fieldset>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="space-y-1">
          <span className="block font-medium">Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as SmartSort)} className={input}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block font-medium">Order</span>
          <select value={order} onChange={(e) => setOrder(e.target.value as 'asc' | 'desc')} disabled={sort === 'random'} className={input}>
            <option value="desc">{sort === 'plays' ? 'Most first' : sort === 'year' || sort === 'added' || sort === 'lastPlayed' ? 'Newest first' : 'Z to A'}</option>
            <option value="asc">{sort === 'plays' ? 'Fewest first' : sort === 'year' || sort === 'added' || sort === 'lastPlayed' ? 'Oldest first' : 'A to Z'}</option>
          </select>
        </label>
        <label className="space-y-1">
          <span className="block font-medium">At most</span>
          <span className="flex items-center gap-2">
            <input type="number" min={1} max={MAX_SMART_LIMIT} value={limit} onChange={(e) => setLimit(e.target.value)} className={`${input} w-24`} /> tracks
          </span>
        </label>
      </div>
      <p aria-live="polite" className="text-sm text-muted">
        {preview}
      </p>
      {errors ? (
        <p role="alert" className="text-sm text-danger">
          {otherErrors.length ? otherErrors.join(' ') : errors.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className={buttonClass('primary')}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} className={buttonClass('secondary')}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The inputs a condition's field needs. */
function ConditionInputs({ row, index, update }: { row: Row; index: number; update: (patch: Partial<Row>) => void }) {
  const label = (what: string) => `Condition ${index + 1} ${what}`;
  const number = (key: 'from' | 'to' | 'n', what: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input type="number" aria-label={label(what)} value={row[key]} onChange={(e) => update({ [key]: e.target.value })} className={`${input} w-20`} {...props} />
  );
  switch (row.field) {
    case 'artist':
    case 'album':
      return (
        <>
          <select aria-label={label('comparison')} value={row.op} onChange={(e) => update({ op: e.target.value as 'is' | 'contains' })} className={input}>
            <option value="contains">contains</option>
            <option value="is">is</option>
          </select>
          <input aria-label={label(row.field)} value={row.text} maxLength={200} placeholder={row.field === 'artist' ? 'Artist name' : 'Album title'} onChange={(e) => update({ text: e.target.value })} className={`${input} min-w-0 flex-1 basis-40`} />
        </>
      );
    case 'year':
      return (
        <>
          <span className="text-sm text-muted">from</span>
          {number('from', 'from year', { min: 0, max: 9999, placeholder: '1990' })}
          <span className="text-sm text-muted">to</span>
          {number('to', 'to year', { min: 0, max: 9999, placeholder: '1999' })}
        </>
      );
    case 'duration':
      return (
        <>
          <span className="text-sm text-muted">from</span>
          {number('from', 'from minutes', { min: 0, step: 0.5, placeholder: '0' })}
          <span className="text-sm text-muted">to</span>
          {number('to', 'to minutes', { min: 0, step: 0.5, placeholder: '5' })}
          <span className="text-sm text-muted">min</span>
        </>
      );
    case 'added':
      return (
        <>
          <span className="text-sm text-muted">in the last</span>
          {number('n', 'days', { min: 1 })}
          <span className="text-sm text-muted">days</span>
        </>
      );
    case 'notPlayed':
      return (
        <>
          <span className="text-sm text-muted">by you in</span>
          {number('n', 'days', { min: 1 })}
          <span className="text-sm text-muted">days</span>
        </>
      );
    case 'plays':
      return (
        <>
          <span className="text-sm text-muted">by you, more than</span>
          {number('n', 'times', { min: 0 })}
          <span className="text-sm text-muted">times</span>
        </>
      );
    case 'liked':
      return <span className="text-sm text-muted">by you</span>;
  }
}

/** "Picks 42 tracks now": the server's count for valid rules, a hint for incomplete ones. */
function usePreview(rules: unknown): string {
  const [text, setText] = useState('');
  const key = JSON.stringify(rules);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    const parsed = rulesSchema.safeParse(JSON.parse(key));
    if (!parsed.success) {
      setText(`Not yet: ${parsed.error.issues[0]?.message ?? 'check the conditions.'}`);
      return;
    }
    const timer = setTimeout(async () => {
      controller.current?.abort();
      controller.current = new AbortController();
      const res = await fetch('/api/playlists/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: parsed.data }), signal: controller.current.signal }).catch(() => null);
      if (!res?.ok) return setText('');
      const { matching, count } = (await res.json()) as { matching: number; count: number };
      setText(matching === 0 ? 'No tracks match these rules yet.' : matching === count ? `${count.toLocaleString('en')} ${count === 1 ? 'track matches' : 'tracks match'} now.` : `${matching.toLocaleString('en')} tracks match now; the playlist holds the first ${count.toLocaleString('en')}.`);
    }, 300);
    return () => clearTimeout(timer);
  }, [key]);
  return text;
}
