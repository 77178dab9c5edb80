import { pruneJobRuns } from './jobs/prune-job-runs';

/** Every function MIST serves, to Inngest or to the embedded driver. */
export const functions = [pruneJobRuns];
