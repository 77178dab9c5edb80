import 'server-only';
import { getStorage } from '@/lib/storage';

/** The public URL of a cover, or null (the page then draws a placeholder). */
export function coverUrl(key: string | null): string | null {
  return key ? getStorage().publicUrl(key) : null;
}

export const PAGE_SIZE = 50;
