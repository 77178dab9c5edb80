import { StatusBadge } from '@/components/ui/status-badge';
import type { TrackStatus } from '@/db/schema';

export function TrackStatusBadge({ status, progress, error }: { status: TrackStatus; progress: number; error: string | null }) {
  return (
    <div className="space-y-1">
      {status === 'ready' && <StatusBadge tone="ok">ready</StatusBadge>}
      {status === 'failed' && <StatusBadge tone="bad">failed</StatusBadge>}
      {status === 'processing' && <StatusBadge tone="busy">processing {progress}%</StatusBadge>}
      {status === 'uploaded' && <StatusBadge tone="idle">queued</StatusBadge>}
      {status === 'uploading' && <StatusBadge tone="idle">uploading</StatusBadge>}
      {status === 'deleting' && <StatusBadge tone="bad">deleting</StatusBadge>}
      {error ? <p className="max-w-xs text-xs text-danger">{error}</p> : null}
    </div>
  );
}
