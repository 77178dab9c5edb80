import { describe, expect, it } from 'vitest';
import { scopesAllow } from './token-scopes';

describe('scopesAllow', () => {
  it('lets a token do what one of its scopes opens, and admin everything', () => {
    expect(scopesAllow(['listen'], ['listen'])).toBe(true);
    expect(scopesAllow(['listen'], ['import'])).toBe(false);
    expect(scopesAllow(['listen'], ['admin'])).toBe(false);
    expect(scopesAllow(['import'], ['listen', 'import'])).toBe(true);
    expect(scopesAllow(['import'], ['admin'])).toBe(false);
    expect(scopesAllow(['admin'], ['listen'])).toBe(true);
    expect(scopesAllow(['admin'], ['import'])).toBe(true);
    expect(scopesAllow([], ['listen'])).toBe(false);
  });
});
