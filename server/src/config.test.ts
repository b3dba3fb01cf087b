import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.ts';

describe('config', () => {
  test('needs no variable: embedded PGlite in .parley, demo on', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe('pglite');
    expect(c.dataDir.endsWith('.parley')).toBe(true);
    expect(c.demo.enabled).toBe(true);
    expect(c.role).toBe('all');
  });

  test('DATABASE_URL switches to PostgreSQL; an admin turns the demo off', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', PARLEY_ADMIN_EMAIL: 'a@b.de', PARLEY_ADMIN_PASSWORD: 'long-enough-pw', PARLEY_ROLE: 'worker' });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@h:5432/d' });
    expect(c.demo.enabled).toBe(false);
    expect(c.role).toBe('worker');
  });

  test('embedded PGlite always runs every role in one process', () => {
    expect(loadConfig({ PARLEY_ROLE: 'api' }).role).toBe('all');
  });

  test('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'nope', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/);
    expect(() => loadConfig({ PARLEY_ADMIN_EMAIL: 'a@b.de' })).toThrow(/PARLEY_ADMIN_PASSWORD/);
  });
});
