import { UploadQueue } from '@/components/admin/upload-queue';
import { requireAdmin } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { AUDIO_EXTENSIONS } from '@/lib/tracks/uploads';

export const metadata = { title: 'Upload' };

export default async function AdminUploadPage() {
  await requireAdmin('/admin/upload');
  return (
    <div className="max-w-3xl space-y-4">
      <div>
        <h1 className="text-3xl font-semibold">Upload music</h1>
        <p className="text-sm text-muted">
          Each file is checked, encrypted into three streaming qualities, tagged and analysed. To add a whole folder, use <code>npm run import</code> with an API token.
        </p>
      </div>
      <UploadQueue maxMb={Math.round(getEnv().MIST_UPLOAD_MAX_BYTES / 1024 / 1024)} accept={['audio/*', ...AUDIO_EXTENSIONS.map((e) => `.${e}`)].join(',')} />
    </div>
  );
}
