import 'server-only';
import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { resolveMediaTools } from '@/lib/media/tools';
import { getStorage } from '@/lib/storage';
import type { IngestContext } from './stages';

export async function ingestContext(): Promise<IngestContext> {
  const env = getEnv();
  return {
    db: await getDb(),
    storage: getStorage(),
    tools: resolveMediaTools({ ffmpegPath: env.FFMPEG_PATH, ffprobePath: env.FFPROBE_PATH }),
    maxDurationSeconds: env.MIST_MAX_DURATION_SECONDS,
  };
}
