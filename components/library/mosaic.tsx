import { Cover } from '@/components/catalog/cover';

/** A playlist's cover: its first four distinct covers in a square, one cover, or a placeholder. */
export function Mosaic({ urls, title, size }: { urls: string[]; title: string; size: number }) {
  if (urls.length < 4) return <Cover url={urls[0] ?? null} title={title} size={size} className="shadow-lg" />;
  return (
    <div aria-hidden className="grid shrink-0 grid-cols-2 overflow-hidden rounded shadow-lg" style={{ width: size, height: size }}>
      {urls.slice(0, 4).map((url) => (
        <Cover key={url} url={url} title={title} size={size / 2} className="rounded-none" />
      ))}
    </div>
  );
}
