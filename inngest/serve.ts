import { serve } from 'inngest/next';
import { inngest } from './client';
import { functions } from './functions';

/** The app's serve handler: Inngest calls it over HTTP; the embedded driver calls it in-process. */
export const handlers = serve({ client: inngest, functions });
