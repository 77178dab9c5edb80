import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A name beside the target, hidden (storage keys never start with `.`) and unique to this write. */
function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.part`);
}

/**
 * Writes through a temporary file and renames it into place: readers see the old file or the
 * new, never half, and two writers at once each finish their own file before it lands.
 */
export async function writeAtomically(file: string, write: (temp: string) => Promise<void>): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  try {
    await write(temp);
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
