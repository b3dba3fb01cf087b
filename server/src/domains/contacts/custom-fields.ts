import { Validation } from '../../lib/errors.ts';
import type { CustomFieldRow } from './repo.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks custom values against the workspace's definitions and returns them in canonical form.
 * Unknown keys and wrong types are errors; null or '' removes a value.
 */
export function validateCustomValues(values: Record<string, unknown>, defs: CustomFieldRow[], entity: 'contact' | 'company'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const def = defs.find((d) => d.key === key && d.entity === entity);
    if (!def) throw new Validation('unknown_custom_field', `There is no custom field "${key}" for ${entity === 'contact' ? 'people' : 'companies'}`, { field: `custom.${key}` });
    if (raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) { out[key] = null; continue; }
    out[key] = coerce(def, raw);
  }
  return out;
}

function coerce(def: CustomFieldRow, raw: unknown): unknown {
  const fail = (what: string) => new Validation('invalid_custom_value', `Custom field "${def.key}" expects ${what}`, { field: `custom.${def.key}` });
  const options = new Set(def.options.map((o) => o.value));
  switch (def.type) {
    case 'text': case 'url': case 'phone': {
      if (typeof raw !== 'string' && typeof raw !== 'number') throw fail('text');
      const s = String(raw).trim();
      if (s.length > 2000) throw fail('at most 2000 characters');
      if (def.type === 'url' && !/^https?:\/\/\S+$/i.test(s)) throw fail('a URL starting with http:// or https://');
      return s;
    }
    case 'email': {
      const s = String(raw).trim().toLowerCase();
      if (!EMAIL.test(s)) throw fail('an e-mail address');
      return s;
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.replace(',', '.')) : Number.NaN;
      if (!Number.isFinite(n)) throw fail('a number');
      return n;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).trim().toLowerCase();
      if (['true', '1', 'yes', 'ja', 'x'].includes(s)) return true;
      if (['false', '0', 'no', 'nein'].includes(s)) return false;
      throw fail('true or false');
    }
    case 'date': {
      const s = String(raw).trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) throw fail('a date (YYYY-MM-DD)');
      return s;
    }
    case 'select': {
      const s = String(raw);
      if (!options.has(s)) throw fail(`one of ${[...options].join(', ')}`);
      return s;
    }
    case 'multi_select': {
      const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[;,]/).map((s) => s.trim()).filter(Boolean);
      for (const v of list) if (!options.has(v)) throw fail(`values among ${[...options].join(', ')}`);
      return [...new Set(list)];
    }
    default:
      throw fail('a known type');
  }
}

/** Custom values without the cleared ones (null or undefined), as stored. */
export function withoutCleared(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
}
