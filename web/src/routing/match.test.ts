import { describe, expect, it } from 'vitest';
import { fragmentParam, matchRoute } from './match';

const routes = [
  { pattern: '/' },
  { pattern: '/book/:slug' },
  { pattern: '/signin' },
  { pattern: '/signin/verify' },
  { pattern: '/session/:id' },
];

describe('matchRoute', () => {
  it('matches static paths, with or without a trailing slash', () => {
    expect(matchRoute(routes, '/')?.route.pattern).toBe('/');
    expect(matchRoute(routes, '/signin')?.route.pattern).toBe('/signin');
    expect(matchRoute(routes, '/signin/')?.route.pattern).toBe('/signin');
    expect(matchRoute(routes, '/signin/verify')?.route.pattern).toBe('/signin/verify');
  });

  it('extracts and decodes parameters', () => {
    expect(matchRoute(routes, '/book/anna-tamm')?.params).toEqual({ slug: 'anna-tamm' });
    expect(matchRoute(routes, '/session/a%20b')?.params).toEqual({ id: 'a b' });
  });

  it('matches nothing for unknown or deeper paths and bad encoding', () => {
    expect(matchRoute(routes, '/book')).toBeUndefined();
    expect(matchRoute(routes, '/book/a/b')).toBeUndefined();
    expect(matchRoute(routes, '/book/%E0%A4%A')).toBeUndefined();
    expect(matchRoute(routes, '/nope')).toBeUndefined();
  });
});

describe('fragmentParam', () => {
  it('reads a parameter from the fragment', () => {
    expect(fragmentParam('#token=abc.def', 'token')).toBe('abc.def');
    expect(fragmentParam('token=x&y=1', 'y')).toBe('1');
    expect(fragmentParam('', 'token')).toBeUndefined();
    expect(fragmentParam('#token=', 'token')).toBeUndefined();
  });
});
