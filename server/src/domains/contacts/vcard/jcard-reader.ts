import { linesOf, type Problem, type RawCard, type ReadResult, type VCardProperty } from './card.ts';

// jCard, RFC 7095: ["vcard", [[name, {params}, value-type, value, …], …]], or an array of those.
// Line numbers are those of each card's opening `["vcard"`; JSON.parse gives no positions for values.

/** Reads jCard text into cards of properties; malformed properties are reported and skipped. */
export function readJCard(text: string): ReadResult {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return { cards: [], problems: [{ line: 1, message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const cards = isCard(root) ? [root] : Array.isArray(root) && root.every(isCard) && root.length > 0 ? root : undefined;
  if (!cards) return { cards: [], problems: [{ line: 1, message: 'not jCard: expected ["vcard", [properties]] or a list of them' }] };
  const lines = linesOf(text, /\[\s*"vcard"/g);
  return { cards: cards.map((card, i) => readCard(card[1], lines[i] ?? 1)), problems: [] };
}

function isCard(value: unknown): value is ['vcard', unknown[]] {
  return Array.isArray(value) && value[0] === 'vcard' && Array.isArray(value[1]);
}

function readCard(items: unknown[], line: number): RawCard {
  const properties: VCardProperty[] = [];
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const property = readProperty(item, line);
    if (property) properties.push(property);
    else problems.push({ line, message: `property ${i + 1} is not [name, {parameters}, type, value], ignored` });
  });
  return { line, properties, problems };
}

function readProperty(item: unknown, line: number): VCardProperty | undefined {
  if (!Array.isArray(item) || item.length < 4 || typeof item[0] !== 'string' || typeof item[2] !== 'string') return undefined;
  const [name, rawParams, type, ...values] = item as [string, unknown, string, ...unknown[]];
  if (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams)) return undefined;
  const params = new Map<string, string[]>();
  let group: string | undefined;
  for (const [key, value] of Object.entries(rawParams)) {
    const list = (Array.isArray(value) ? value : [value]).map(scalar);
    const upper = key.toUpperCase();
    if (upper === 'GROUP') group = list[0]?.toLowerCase();
    else params.set(upper, upper === 'TYPE' ? list.flatMap((v) => v.toLowerCase().split(',')) : list);
  }
  // The value type is part of the property in jCard; the mapper reads it as the VALUE parameter (BDAY;VALUE=text).
  if (type !== 'unknown') params.set('VALUE', [type]);
  // One array value is a structured value (N, ADR), whose components may be lists; several values form a list.
  const components = values.length === 1 && Array.isArray(values[0])
    ? values[0].map((c: unknown) => (Array.isArray(c) ? c.map(scalar) : [scalar(c)]))
    : [values.map(scalar)];
  return { name: name.toUpperCase(), group, params, values: components, line };
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
