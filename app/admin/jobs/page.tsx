import Link from 'next/link';
import { StatusFilter, statusParam } from '@/components/admin/status-filter';
import { PruneRunsForm } from '@/components/admin/prune-runs-form';
import { RebuildRecommendations } from '@/components/admin/rebuild-recommendations';
import { RetryRunButton } from '@/components/admin/retry-run-button';
import { TableHead } from '@/components/ui/table-head';
import { StatusBadge } from '@/components/ui/status-badge';
import { getDb } from '@/db';
import { countRunsByStatus, listRuns, type JobRunSummary } from '@/db/queries/jobs';
import { getNeighbourBuildState } from '@/db/queries/neighbours';
import { jobRunStatus } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/session';
import { getEnv, getModes } from '@/lib/env';
import { INNGEST_ONLY_STEPS } from '@/lib/jobs/functions';

export const metadata = { title: 'Jobs' };

const PAGE_SIZE = 50;
const tone = { queued: 'idle', sleeping: 'idle', running: 'busy', completed: 'ok', failed: 'bad' } as const;

type Props = { searchParams: Promise<{ status?: string; page?: string }> };

function when(date: Date | null) {
  return date ? date.toISOString().replace('T', ' ').slice(0, 19) : '–';
}

function duration(run: JobRunSummary) {
  if (!run.startedAt) return '–';
  const ms = (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export default async function AdminJobsPage({ searchParams }: Props) {
  await requireAdmin('/admin/jobs');
  const params = await searchParams;
  const status = statusParam(jobRunStatus.enumValues, params.status);
  const page = Math.max(1, Math.floor(Number(params.page)) || 1);
  const db = await getDb();
  const [runs, counts, neighbours] = await Promise.all([listRuns(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, status }), countRunsByStatus(db), getNeighbourBuildState(db)]);
  const lastNeighbourRun = neighbours?.lastRunAt ? { at: when(neighbours.lastRunAt), playsRead: neighbours.lastPlaysRead, pairsUpdated: neighbours.lastPairsUpdated, tracksUpdated: neighbours.lastTracksUpdated, durationMs: neighbours.lastDurationMs } : null;
  const env = getEnv();
  const inngest = getModes(env).jobs === 'inngest';
  const dashboard = env.INNGEST_BASE_URL ?? 'https://app.inngest.com';

  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-semibold">Jobs</h1>
      {inngest ? (
        <p className="rounded-md border border-line bg-surface-2 px-3 py-2 text-sm">
          Jobs run on Inngest. Follow them in the{' '}
          <a href={dashboard} className="text-accent underline" target="_blank" rel="noreferrer">
            Inngest dashboard
          </a>
          ; runs made by the embedded driver before the switch are listed below.
        </p>
      ) : (
        <p className="text-sm text-muted">
          Jobs run inside MIST (the embedded driver). A failed run can be retried from its first step. Waiting for events, calling other
          functions and AI steps ({INNGEST_ONLY_STEPS.join(', ')}) need an Inngest server; MIST’s own jobs do not use them.
        </p>
      )}
      <StatusFilter base="/admin/jobs" statuses={jobRunStatus.enumValues} current={status} counts={counts} />
      {runs.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line bg-surface p-8 text-center text-muted">
          {status ? `No ${status} runs.` : 'No jobs have run yet. Uploads and scheduled tasks appear here.'}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-line">
          <table className="w-full text-left text-sm">
            <TableHead columns={['Function', 'Event', 'Status', 'Attempt', 'Step', 'Error', 'Created', 'Took', '']} />
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} className="border-t border-line align-top">
                  <td className="px-3 py-2 font-mono text-xs">{run.functionId}</td>
                  <td className="px-3 py-2 font-mono text-xs">{run.eventName}</td>
                  <td className="px-3 py-2">
                    <StatusBadge tone={tone[run.status]}>{run.status}</StatusBadge>
                    {run.status === 'sleeping' || (run.status === 'queued' && run.attempt > 0) ? (
                      <span className="block text-xs text-muted">next {when(run.nextRunAt)}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">{run.attempt + 1}</td>
                  <td className="px-3 py-2">{run.currentStep ?? '–'}</td>
                  <td className="max-w-xs px-3 py-2 text-danger">
                    <span className="line-clamp-3" title={run.error ?? undefined}>
                      {run.error ?? ''}
                    </span>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-muted">{when(run.createdAt)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-muted">{duration(run)}</td>
                  <td className="px-3 py-2">{run.status === 'failed' ? <RetryRunButton runId={run.id} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PruneRunsForm defaultDays={env.MIST_JOB_RETENTION_DAYS} />
      <RebuildRecommendations last={lastNeighbourRun} />
      <nav aria-label="Pages" className="flex gap-3 text-sm">
        {page > 1 ? <Link href={`/admin/jobs?page=${page - 1}${status ? `&status=${status}` : ''}`}>Previous</Link> : null}
        {runs.length === PAGE_SIZE ? <Link href={`/admin/jobs?page=${page + 1}${status ? `&status=${status}` : ''}`}>Next</Link> : null}
      </nav>
    </div>
  );
}
