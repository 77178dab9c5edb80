/** While the analytics queries run: the page's shape, without numbers. */
export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading analytics" className="space-y-6">
      <div className="h-9 w-48 animate-pulse rounded bg-surface-2" />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="h-[104px] animate-pulse rounded-xl border border-line bg-surface" />
        ))}
      </div>
      <div className="h-[318px] animate-pulse rounded-xl border border-line bg-surface" />
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="h-64 animate-pulse rounded-xl border border-line bg-surface" />
        <div className="h-64 animate-pulse rounded-xl border border-line bg-surface" />
      </div>
    </div>
  );
}
