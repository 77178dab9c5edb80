'use client';

import { Heart } from 'lucide-react';
import { toggleLike, useAskLiked, useLiked } from './likes';

/** The heart: filled when liked; a click (or `l` in the player) toggles it. */
export function LikeButton({ trackId, title, size = 16, className = '' }: { trackId: string; title: string; size?: number; className?: string }) {
  useAskLiked(trackId);
  const liked = useLiked(trackId);
  const label = liked ? `Remove ${title} from Liked songs` : `Like ${title}`;
  return (
    <button
      type="button"
      aria-label={label}
      title={liked ? 'Remove from Liked songs' : 'Like'}
      aria-pressed={liked}
      onClick={() => void toggleLike(trackId, title)}
      className={`rounded-full p-1.5 hover:bg-surface hover:text-fg ${liked ? 'text-accent' : 'text-muted'} ${className}`}
    >
      <Heart aria-hidden size={size} fill={liked ? 'currentColor' : 'none'} />
    </button>
  );
}
