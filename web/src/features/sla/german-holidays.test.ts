import { describe, expect, test } from 'vitest';
import { easterSunday, germanHolidays } from './german-holidays.ts';

describe('german holidays', () => {
  test.each([
    [2024, [3, 31]], [2025, [4, 20]], [2026, [4, 5]], [2027, [3, 28]], [2030, [4, 21]], [2038, [4, 25]],
  ] as const)('Easter Sunday %i', (year, expected) => {
    expect(easterSunday(year)).toEqual(expected);
  });

  test('2026: the nine nationwide holidays, incl. Tag der Deutschen Einheit', () => {
    expect(germanHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26',
    ]);
    expect(germanHolidays(2026).find((h) => h.date === '2026-10-03')?.name).toBe('Tag der Deutschen Einheit');
  });
});
