/**
 * Fractional position keys for ordered lists (playlist items): a key sorts byte-wise
 * (COLLATE "C") and there is always a key between two others, so an insert or a move writes
 * one row and never renumbers the list. After D. Greenspan's "Implementing Fractional
 * Indexing" (the scheme of the `fractional-indexing` package): a key is an integer part,
 * whose first character says how long it is ('a' → 2 characters, 'b' → 3, …; 'Z', 'Y', …
 * for negative ones), then a fraction that never ends in '0'. Appending to the end
 * increments the integer, so keys grow by one character per ~62^n appends, not per append.
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ZERO = DIGITS[0]!;
const LAST = DIGITS[DIGITS.length - 1]!;
const SMALLEST_INTEGER = 'A' + ZERO.repeat(26);

export class PositionKeyError extends Error {}

function integerLength(head: string): number {
  if (head >= 'a' && head <= 'z') return head.charCodeAt(0) - 'a'.charCodeAt(0) + 2;
  if (head >= 'A' && head <= 'Z') return 'Z'.charCodeAt(0) - head.charCodeAt(0) + 2;
  throw new PositionKeyError(`Invalid position key head: ${head}`);
}

function integerPart(key: string): string {
  const length = integerLength(key[0] ?? '');
  if (length > key.length) throw new PositionKeyError(`Invalid position key: ${key}`);
  return key.slice(0, length);
}

/** True for a key this module could have made. */
export function isPositionKey(key: string): boolean {
  try {
    validate(key);
    return true;
  } catch {
    return false;
  }
}

function validate(key: string): void {
  if (key === SMALLEST_INTEGER) throw new PositionKeyError(`Invalid position key: ${key}`);
  const fraction = key.slice(integerPart(key).length);
  if (fraction.endsWith(ZERO) || [...key].some((c) => !DIGITS.includes(c))) throw new PositionKeyError(`Invalid position key: ${key}`);
}

/** A fraction strictly between `a` and `b` ('' and null: the ends), with no trailing zero. */
function midpoint(a: string, b: string | null): string {
  if (b !== null && a >= b) throw new PositionKeyError(`${a} is not before ${b}`);
  if (b !== null) {
    // The common prefix (a padded with zeros) stays; the rest is bisected.
    let n = 0;
    while ((a[n] ?? ZERO) === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const digitA = a ? DIGITS.indexOf(a[0]!) : 0;
  const digitB = b !== null ? DIGITS.indexOf(b[0]!) : DIGITS.length;
  if (digitB - digitA > 1) return DIGITS[Math.round((digitA + digitB) / 2)]!;
  // Adjacent digits: b's first digit alone sorts after a when b is longer; else go a level deeper.
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[digitA]! + midpoint(a.slice(1), null);
}

function incrementInteger(x: string): string | null {
  const [head, ...digits] = x.split('') as [string, ...string[]];
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = DIGITS.indexOf(digits[i]!) + 1;
    if (d < DIGITS.length) {
      digits[i] = DIGITS[d]!;
      return head + digits.join('');
    }
    digits[i] = ZERO;
  }
  if (head === 'Z') return 'a' + ZERO;
  if (head === 'z') return null;
  const next = String.fromCharCode(head.charCodeAt(0) + 1);
  if (next > 'a') digits.push(ZERO);
  else digits.pop();
  return next + digits.join('');
}

function decrementInteger(x: string): string | null {
  const [head, ...digits] = x.split('') as [string, ...string[]];
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = DIGITS.indexOf(digits[i]!) - 1;
    if (d >= 0) {
      digits[i] = DIGITS[d]!;
      return head + digits.join('');
    }
    digits[i] = LAST;
  }
  if (head === 'a') return 'Z' + LAST;
  if (head === 'A') return null;
  const previous = String.fromCharCode(head.charCodeAt(0) - 1);
  if (previous < 'Z') digits.push(LAST);
  else digits.pop();
  return previous + digits.join('');
}

/** A key after `a` and before `b` (null: no bound on that side). */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null) validate(a);
  if (b !== null) validate(b);
  if (a !== null && b !== null && a >= b) throw new PositionKeyError(`${a} is not before ${b}`);
  if (a === null) {
    if (b === null) return 'a' + ZERO;
    const ib = integerPart(b);
    const fb = b.slice(ib.length);
    if (ib === SMALLEST_INTEGER) return ib + midpoint('', fb);
    if (ib < b) return ib;
    const before = decrementInteger(ib);
    if (before === null) throw new PositionKeyError('No key before the smallest key.');
    return before;
  }
  const ia = integerPart(a);
  const fa = a.slice(ia.length);
  if (b === null) return incrementInteger(ia) ?? ia + midpoint(fa, null);
  const ib = integerPart(b);
  if (ia === ib) return ia + midpoint(fa, b.slice(ib.length));
  const next = incrementInteger(ia);
  if (next !== null && next < b) return next;
  return ia + midpoint(fa, null);
}

/**
 * `n` keys in order between `a` and `b`. Between two bounds they bisect (keys stay short,
 * ~log2(n) characters longer); past an end they step the integer part.
 */
export function keysBetween(a: string | null, b: string | null, n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [keyBetween(a, b)];
  if (b === null) {
    const keys = [keyBetween(a, null)];
    while (keys.length < n) keys.push(keyBetween(keys[keys.length - 1]!, null));
    return keys;
  }
  if (a === null) {
    const keys = [keyBetween(null, b)];
    while (keys.length < n) keys.push(keyBetween(null, keys[keys.length - 1]!));
    return keys.reverse();
  }
  const middle = Math.floor(n / 2);
  const c = keyBetween(a, b);
  return [...keysBetween(a, c, middle), c, ...keysBetween(c, b, n - middle - 1)];
}
