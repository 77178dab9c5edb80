import 'server-only';
import type { Redis } from 'ioredis';
import { shareForgetting } from '@/lib/cache/broadcast';
import { announceForgottenGrantsWith, forgetKeyGrantsHere } from './key-grants';

/**
 * Instances sharing a Redis tell each other when key grants must be forgotten (an account
 * disabled, a password changed, a track deleted or re-encoded), so no instance re-serves a
 * key from its grant cache after the change. Without Redis, another instance's cache runs
 * out after MIST_KEY_GRANT_CACHE_SECONDS.
 */
export function shareForgottenGrants(redis: Redis): () => void {
  return shareForgetting(redis, { channel: 'mist:key-grants:forget', what: 'key grants', forgetHere: forgetKeyGrantsHere, announceWith: announceForgottenGrantsWith });
}
