import { describe, expect, test } from 'vitest';
import { areNicknames, nicknameAlternatives, nicknameGroups } from './nicknames.ts';

describe('areNicknames', () => {
  test.each([
    ['bill', 'william', true],
    ['hans', 'johannes', true],
    ['sepp', 'josef', true],
    ['joseph', 'josef', true],
    ['heinz', 'heinrich', true],
    ['henry', 'heinrich', true],
    ['bob', 'robert', true],
    ['jurgen', 'georg', true], // without the umlaut too
    ['alex', 'alexandra', true],
    ['alex', 'alexander', true],
    ['bill', 'robert', false],
    ['hans', 'josef', false],
    ['anna', 'zoe', false],
  ])('%j / %j → %s', (a, b, expected) => {
    expect(areNicknames(a, b)).toBe(expected);
    expect(areNicknames(b, a)).toBe(expected);
  });

  test('a name in no group has no groups and no alternatives', () => {
    expect(nicknameGroups('zyprian')).toEqual([]);
    expect(nicknameAlternatives('zyprian')).toEqual([]);
  });

  test('alternatives of a name are the other names of its groups', () => {
    expect(nicknameAlternatives('sepp')).toContain('josef');
    expect(nicknameAlternatives('sepp')).not.toContain('sepp');
  });
});
