/** The header row of an admin table. */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead className="bg-surface-2 text-muted">
      <tr>
        {columns.map((h, i) => (
          <th key={`${h}-${i}`} className="px-3 py-2 font-medium">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
