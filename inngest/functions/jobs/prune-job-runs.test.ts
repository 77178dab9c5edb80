import { InngestTestEngine } from '@inngest/test';
import { describe, expect, it } from 'vitest';
import { pruneJobRuns } from './prune-job-runs';

// Branch tests: a new engine per test, the database step mocked.
const engine = () => new InngestTestEngine({ function: pruneJobRuns, steps: [{ id: 'delete-finished-runs', handler: () => 12 }] });

describe('prune-job-runs', () => {
  it('keeps MIST_JOB_RETENTION_DAYS of history on its daily schedule', async () => {
    const { result } = await engine().execute({ events: [{ name: 'inngest/scheduled.timer', data: { cron: 'TZ=UTC 30 3 * * *' } }] });
    expect(result).toEqual({ deleted: 12, olderThanDays: 30 });
  });

  it('uses the age asked for when requested', async () => {
    const { result } = await engine().execute({ events: [{ name: 'mist/job-runs.prune-requested', data: { olderThanDays: 3 } }] });
    expect(result).toEqual({ deleted: 12, olderThanDays: 3 });
  });
});
