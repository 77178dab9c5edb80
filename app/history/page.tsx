import { HistoryView } from '@/components/history/history-view';
import { requireUser } from '@/lib/auth/session';

export const metadata = { title: 'History' };

/** The listener's own plays: a chart in their time zone (the browser's) and the recent plays. */
export default async function HistoryPage() {
  await requireUser('/history');
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <h1 className="text-3xl font-semibold">History</h1>
      <HistoryView />
    </div>
  );
}
