import clsx from 'clsx';

/**
 * The header row of an admin table. Columns named in `right` (numbers) align right; those in
 * `wide` show from the sm breakpoint up (their cells take `hidden sm:table-cell` too).
 */
export function TableHead({ columns, right = [], wide = [] }: { columns: string[]; right?: string[]; wide?: string[] }) {
  return (
    <thead className="bg-surface-2 text-muted">
      <tr>
        {columns.map((h, i) => (
          <th key={`${h}-${i}`} className={clsx('px-3 py-2 font-medium', right.includes(h) && 'text-right', wide.includes(h) && 'hidden sm:table-cell')}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
