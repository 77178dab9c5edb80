import { describe, expect, it } from 'vitest';
import { confidenceLabel, pickMatch, scoreCandidate } from './import-match';
import type { ParsedTrack } from './import-parse';
import { foldText, stripAll, stripNoise } from './import-text';

const q = (title: string, artist: string | null = null, more: Partial<ParsedTrack> = {}): ParsedTrack => ({ title, artist, album: null, durationMs: null, trackId: null, ...more });
const track = (id: string, title: string, artist: string | null, album: string | null = null, durationMs: number | null = null) => ({ id, title, artist, album, durationMs });

describe('normalising names', () => {
  it('folds case, accents, ligatures, apostrophes and a leading "The"', () => {
    expect(foldText('Théâtre')).toBe('theatre');
    expect(foldText('The Beatles')).toBe('beatles');
    expect(foldText('Guns N’ Roses')).toBe(foldText("Guns N' Roses"));
    expect(foldText('Sigur Rós / Ærø')).toBe('sigur ros aero');
  });

  it('strips feat. and release details, keeping other recordings apart', () => {
    expect(stripNoise('Come Together - Remastered 2009')).toBe('Come Together');
    expect(stripNoise('Song (Remastered 2011) [Explicit]')).toBe('Song');
    expect(stripNoise('Get Lucky (feat. Pharrell Williams)')).toBe('Get Lucky');
    expect(stripNoise('Numb ft. Jay-Z')).toBe('Numb');
    expect(stripNoise('Song (Live)')).toBe('Song (Live)');
    expect(stripAll('Song (Live) - Acoustic')).toBe('Song');
  });
});

describe('scoring a candidate', () => {
  it('is exact for the same folded title and artist, whatever the case, accents or feat.', () => {
    expect(scoreCandidate(q('THEATRE', 'zoe'), track('1', 'Théâtre', 'Zoë'))).toBe(1);
    expect(confidenceLabel(scoreCandidate(q('Get Lucky (feat. Pharrell Williams)', 'Daft Punk, Pharrell Williams'), track('1', 'Get Lucky', 'Daft Punk')))).toBe('exact');
    expect(confidenceLabel(scoreCandidate(q('Come Together - Remastered 2009', 'The Beatles'), track('1', 'Come Together', 'Beatles')))).toBe('exact');
  });

  it('forgives a typo as likely, another recording as likely, a title alone as at most likely; the title by another artist is not it', () => {
    expect(confidenceLabel(scoreCandidate(q('Bohemian Rapsody', 'Queen'), track('1', 'Bohemian Rhapsody', 'Queen')))).toBe('likely');
    expect(confidenceLabel(scoreCandidate(q('Song (Live)', 'A'), track('1', 'Song', 'A')))).toBe('likely');
    expect(confidenceLabel(scoreCandidate(q('Lithium'), track('1', 'Lithium', 'Nirvana')))).toBe('likely');
    expect(confidenceLabel(scoreCandidate(q('Lithium', 'Evanescence'), track('1', 'Lithium', 'Nirvana')))).toBe('not-found');
    expect(confidenceLabel(scoreCandidate(q('Smells Like Teen', 'Nirvana'), track('1', 'Smells Like Teen Spirit', 'Nirvana')))).toBe('unsure');
    expect(confidenceLabel(scoreCandidate(q('Something else', 'Other'), track('1', 'Lithium', 'Nirvana')))).toBe('not-found');
  });

  it('lets album and duration break a tie', () => {
    const studio = track('s', 'Hey Jude', 'The Beatles', 'Hey Jude', 431_000);
    const best = track('b', 'Hey Jude', 'The Beatles', '1', 425_000);
    expect(pickMatch(q('Hey Jude', 'Beatles', { album: '1' }), [studio, best]).match?.track.id).toBe('b');
    expect(pickMatch(q('Hey Jude', 'Beatles', { durationMs: 431_000 }), [best, studio]).match?.track.id).toBe('s');
  });
});

describe('picking the match', () => {
  it('offers the best as the match and up to three others, no track twice', () => {
    const list = ['Yellow', 'Yellow Submarine', 'Mellow Yellow', 'Yell', 'Yellow'].map((t, i) => track(String(i % 4), t, 'Coldplay'));
    const picked = pickMatch(q('Yelow', 'Coldplay'), list);
    expect(picked.match?.track.title).toBe('Yellow');
    expect(picked.alternatives.length).toBeLessThanOrEqual(3);
    expect(new Set([picked.match!.track.id, ...picked.alternatives.map((a) => a.track.id)]).size).toBe(1 + picked.alternatives.length);
  });

  it('has no match for an unknown line but keeps weak candidates to pick from', () => {
    const picked = pickMatch(q('Lithium', 'Evanescence'), [track('1', 'Lithium', 'Nirvana')]);
    expect(picked.match).toBe(null);
    expect(picked.alternatives.map((a) => a.track.id)).toEqual(['1']);
    expect(pickMatch(q('Zzyzx', 'Nobody'), [track('1', 'Lithium', 'Nirvana')])).toEqual({ match: null, alternatives: [] });
  });

  it('takes a track named by its MIST link, whatever the tags say', () => {
    expect(pickMatch(q('x', null, { trackId: '7' }), [track('7', 'Renamed', 'Someone')]).match).toMatchObject({ confidence: 1 });
  });
});
