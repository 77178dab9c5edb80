import { pruneAuthSessions } from './accounts/prune-auth-sessions';
import { maintainDatabase } from './jobs/maintain-database';
import { pruneJobRuns } from './jobs/prune-job-runs';
import { closeIdleListeningSessions } from './listening/close-idle-sessions';
import { cleanStaleUploads } from './tracks/clean-stale-uploads';
import { buildTrackNeighbours } from './recommend/build-neighbours';
import { processTrack } from './tracks/process-track';
import { refreshFeatures } from './tracks/refresh-features';

/** Every function MIST serves, to Inngest or to the embedded driver. */
export const functions = [pruneJobRuns, processTrack, cleanStaleUploads, closeIdleListeningSessions, maintainDatabase, pruneAuthSessions, buildTrackNeighbours, refreshFeatures];
