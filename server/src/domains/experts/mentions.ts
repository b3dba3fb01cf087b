// Mentions in internal notes. The note editor inserts a mention as markup that names what it points at, so a renamed
// user or two people of the same name never make it ambiguous: `@[Jonas Becker](user:<uuid>)`, `@[Service](team:<uuid>)`.
// Typed by hand, `@jonas.becker` (a user's name with dots for spaces, or their e-mail's local part) and `@service`
// (a team's name, spaces as dots or dashes) work too, resolved against the workspace's users and teams.

export interface MentionRef { type: 'user' | 'team'; id: string }
export interface MentionTarget { type: 'user' | 'team'; id: string; name: string; email?: string | null }

const MARKUP = /@\[([^\]\n]{1,200})\]\((user|team):([0-9a-fA-F-]{36})\)/g;
// A bare handle: after start or whitespace/punctuation (never inside an e-mail address), letters, digits, dots, dashes.
const HANDLE = /(?<![\p{L}\p{N}_.@-])@([\p{L}\p{N}][\p{L}\p{N}._-]{0,80})/gu;

/** The mentions written as markup, in order, without repeats (ids lower-cased). */
export function parseMentionMarkup(text: string): MentionRef[] {
  const out: MentionRef[] = [];
  for (const m of text.matchAll(MARKUP)) add(out, { type: m[2] as 'user' | 'team', id: m[3]!.toLowerCase() });
  return out;
}

/** The bare `@handles` of a text (markup removed first), lower-cased, trailing dots dropped ("@jonas." ends a sentence). */
export function parseHandles(text: string): string[] {
  const bare = text.replace(MARKUP, ' ');
  const out = new Set<string>();
  for (const m of bare.matchAll(HANDLE)) out.add(m[1]!.replace(/[._-]+$/, '').toLowerCase());
  return [...out].filter(Boolean);
}

/** The handles a user or team answers to: the name with dots or dashes for spaces, and a user's e-mail local part. */
export function handlesOf(t: MentionTarget): string[] {
  const name = t.name.trim().toLowerCase();
  const hs = new Set([name.replace(/\s+/g, '.'), name.replace(/\s+/g, '-'), name.replace(/\s+/g, '')]);
  if (t.type === 'user' && t.email) hs.add(t.email.split('@')[0]!.toLowerCase());
  if (t.type === 'user') hs.add(name.split(/\s+/)[0]!);
  return [...hs].filter(Boolean);
}

/**
 * Resolves a note's mentions against the workspace's users and teams: markup naming an unknown id is dropped, and a
 * bare handle counts only when exactly one user or team answers to it (a first name two people share mentions nobody).
 */
export function resolveMentions(text: string, targets: readonly MentionTarget[]): MentionTarget[] {
  const byKey = new Map(targets.map((t) => [`${t.type}:${t.id.toLowerCase()}`, t]));
  const out: MentionTarget[] = [];
  const seen = new Set<string>();
  const push = (t: MentionTarget | undefined) => {
    if (!t) return;
    const key = `${t.type}:${t.id.toLowerCase()}`;
    if (!seen.has(key)) { seen.add(key); out.push(t); }
  };
  for (const ref of parseMentionMarkup(text)) push(byKey.get(`${ref.type}:${ref.id}`));
  const handles = parseHandles(text);
  if (handles.length) {
    const index = new Map<string, MentionTarget[]>();
    for (const t of targets) for (const h of handlesOf(t)) index.set(h, [...(index.get(h) ?? []), t]);
    for (const h of handles) {
      const found = index.get(h);
      if (found?.length === 1) push(found[0]);
    }
  }
  return out;
}

function add(out: MentionRef[], ref: MentionRef): void {
  if (!out.some((r) => r.type === ref.type && r.id === ref.id)) out.push(ref);
}
