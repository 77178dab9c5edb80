import clsx from 'clsx';

/** A cover image, or a placeholder made from the title (initials on a gradient): never a broken image. */
export function Cover({ url, title, size = 40, className }: { url: string | null; title: string; size?: number; className?: string }) {
  const style = { width: size, height: size };
  if (url) {
    // eslint-disable-next-line @next/next/no-img-element -- covers come from storage or a CDN
    return <img src={url} alt="" width={size} height={size} loading="lazy" className={clsx('shrink-0 rounded object-cover', className)} style={style} />;
  }
  let hash = 0;
  for (const ch of title) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const initials = title.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0]!.toUpperCase()).join('') || '♪';
  return (
    <div
      aria-hidden
      className={clsx('flex shrink-0 items-center justify-center rounded font-semibold text-white/90', className)}
      style={{ ...style, fontSize: Math.max(10, size / 3), background: `linear-gradient(135deg, hsl(${hue} 55% 40%), hsl(${(hue + 50) % 360} 55% 25%))` }}
    >
      {initials}
    </div>
  );
}
