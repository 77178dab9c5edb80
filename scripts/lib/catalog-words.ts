/**
 * Words for the made-up catalog of scripts/seed-catalog.ts, shared with its benchmark: a
 * small vocabulary of common words, each in about 1% of titles (a search for one of them
 * matches thousands of tracks), and a long tail of 8,000 made-up words drawn Zipf-like, as
 * names and rare words are in real catalogs (most appear a handful of times).
 */
export const COMMON = (
  'amber anchor april arrow ash autumn avenue azure ballad basin beacon bells birch bitter blue bloom bone border brass bridge bright broken ' +
  'cabin candle canyon carbon cedar chalk chapel cherry cinder circle citrus clay cloud cobalt coral cotton crane crimson crystal dawn ' +
  'delta desert distant dream drift dust echo ember empire engine falcon feather fever field fire flint forest fountain frost garden ghost ' +
  'glass gold granite gravity harbor harvest haze heart hollow honey horizon iron island ivory jade june kite lake lantern lemon light ' +
  'linen lotus lunar marble meadow mercury midnight mirror mist monsoon moon morning mountain neon night north ocean olive opal orbit ' +
  'paper pearl pepper pine planet prairie prism quartz quiet radio rain raven river rose ruby rust saffron salt satellite scarlet shadow ' +
  'signal silver sky slate smoke snow solar sparrow spring static steel stone storm summer sun tide timber tin velvet violet voyage ' +
  'walnut water wave whisper willow winter wolf yellow zephyr'
).split(' ');

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'shi', 'del', 'mar', 'qui', 'zen', 'ba', 'nor', 'fi', 'gal', 'ur', 'pel', 'sa', 'tor', 'wen'];
const TAIL = SYLLABLES.length ** 3;

/** The long-tail word of Zipf rank `i` (0 is the most frequent). */
export const tailWord = (i: number) => [Math.floor(i / 400), Math.floor(i / 20) % 20, i % 20].map((d) => SYLLABLES[d]).join('');

/** A word picker over `random` (uniform in [0, 1)): three in four common, one in four from the tail. */
export function wordPicker(random: () => number): () => string {
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 0; r < TAIL; r++) cumulative.push((sum += 1 / (r + 1)));
  return () => {
    if (random() < 0.75) return COMMON[Math.floor(random() * COMMON.length)]!;
    const x = random() * sum;
    let lo = 0;
    let hi = TAIL - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return tailWord(lo);
  };
}
