import { TEMPLATE_VARIABLES, type ReplyLanguage } from '@parley/contracts/replies';

// Canned replies' {{variables}}: rendered in ONE pass over the template, so a value (a customer who calls themselves
// "{{agent.name}}") is inserted as it is and never read as template syntax again. What cannot be filled stays in the
// text exactly as written and is reported, so the agent sees it before sending instead of a silent blank.

export type TemplateValues = Partial<Record<(typeof TEMPLATE_VARIABLES)[number], string | null>>;

export interface Rendered { text: string; unknown: string[]; missing: string[] }

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);
// `{{ name }}` or `{{ name | fallback }}`; a fallback cannot contain braces.
const VARIABLE = /\{\{\s*([a-zA-Z_.]+)\s*(?:\|([^{}]*))?\}\}/g;

/** Fills a template's variables from `values`; unknown variables and missing values stay as written and are listed. */
export function renderTemplate(template: string, values: TemplateValues): Rendered {
  const unknown = new Set<string>();
  const missing = new Set<string>();
  const text = template.replace(VARIABLE, (whole, name: string, fallback: string | undefined) => {
    const key = name.toLowerCase();
    if (!KNOWN.has(key)) {
      unknown.add(name);
      return whole;
    }
    const value = values[key as keyof TemplateValues]?.trim();
    if (value) return value;
    if (fallback !== undefined && fallback.trim()) return fallback.trim();
    missing.add(key);
    return whole;
  });
  return { text, unknown: [...unknown], missing: [...missing] };
}

/** The text of the wanted language, else the other one. */
export function pickLanguage(texts: { de?: string; en?: string }, wanted: ReplyLanguage): { text: string; language: ReplyLanguage; fellBack: boolean } {
  const other: ReplyLanguage = wanted === 'de' ? 'en' : 'de';
  const own = texts[wanted];
  if (own) return { text: own, language: wanted, fellBack: false };
  return { text: texts[other] ?? '', language: other, fellBack: true };
}

/** The first word of a display name ("Anna Kundin" -> "Anna"). */
export function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}

/** The variables a text uses (for the editor's chips and the report of unknown ones). */
export function variablesOf(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1]!.toLowerCase()))];
}
