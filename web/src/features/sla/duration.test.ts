import { describe, expect, test } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  test.each([
    ['30m', 30], ['30 min', 30], ['45', 45], ['4h', 240], ['4 Std.', 240], ['2d', 2880], ['2 Tage', 2880], ['1T', 1440],
    ['1h 30m', 90], ['1h30m', 90], ['1,5h', 90], ['1.5 h', 90], ['  2H ', 120], ['1d 2h', 1560], ['365d', 525_600],
  ] as const)('%s is %i minutes', (input, minutes) => {
    expect(parseDuration(input)).toEqual({ kind: 'minutes', minutes });
  });
  test.each([
    ['', 'empty'], ['   ', 'empty'], ['-', 'none'], ['–', 'none'],
  ] as const)('%j is %s', (input, kind) => {
    expect(parseDuration(input).kind).toBe(kind);
  });
  test.each([
    ['4x', 'format'], ['h', 'format'], ['four hours', 'format'], ['1h 30', 'format'], ['1.5.3', 'format'], ['-5m', 'format'],
    ['0m', 'range'], ['366d', 'range'], ['0,5m', 'fraction'], ['1,01h', 'fraction'],
  ] as const)('%s is invalid (%s)', (input, reason) => {
    expect(parseDuration(input)).toEqual({ kind: 'invalid', reason });
  });
});

describe('formatDuration', () => {
  test.each([[30, '30m'], [60, '1h'], [90, '1h 30m'], [1440, '1d'], [1560, '1d 2h'], [2881, '2d 1m']] as const)('%i minutes read %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
    expect(parseDuration(text)).toEqual({ kind: 'minutes', minutes });
  });
});
