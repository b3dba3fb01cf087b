import { describe, expect, test } from 'vitest';
import { isSendKey, pageKey, typedKey } from './keys.ts';

const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: null, ...mods });

describe('pageKey', () => {
  test.each([
    ['j', {}, 'j'],
    ['K', {}, 'k'],
    ['x', {}, null],
    ['j', { ctrlKey: true }, null],
    ['k', { shiftKey: true }, null],
    ['j', { metaKey: true }, null],
  ] as const)('%s with %o means %s', (key, mods, expected) => {
    expect(pageKey(press(key, mods), ['j', 'k'])).toBe(expected);
  });
});

describe('isSendKey', () => {
  test.each([
    ['Enter', { ctrlKey: true }, true],
    ['Enter', { metaKey: true }, true],
    ['Enter', {}, false],
    ['Enter', { ctrlKey: true, shiftKey: true }, false],
    ['a', { ctrlKey: true }, false],
  ] as const)('%s with %o sends: %s', (key, mods, expected) => {
    expect(isSendKey(press(key, mods))).toBe(expected);
  });
});

describe('typedKey', () => {
  test.each([
    ['?', { shiftKey: true }, '?'],
    ['#', { shiftKey: true }, '#'],
    ['/', {}, '/'],
    ['?', { ctrlKey: true, shiftKey: true }, null],
    ['#', { altKey: true }, null],
    ['a', {}, null],
  ] as const)('%s with %o means %s', (key, mods, expected) => {
    expect(typedKey(press(key, mods), ['?', '#', '/'])).toBe(expected);
  });
});
