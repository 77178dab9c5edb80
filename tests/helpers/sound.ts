import { EMBEDDING_DIMENSIONS } from '@/lib/media/features';

/** A unit vector along `axis`, tilted by `tilt` towards axis 47: tracks on one axis sound alike. */
export function sound(axis: number, tilt: number): number[] {
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  v[axis] = Math.cos(tilt);
  v[47] = Math.sin(tilt);
  return v;
}
