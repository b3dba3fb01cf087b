// Who of a team takes a conversation, by the team's assignment policy. Pure: the caller has locked the team's routing
// state (the round-robin cursor) and read the members' presence, load, capacity and skills.

export type AssignmentPolicy = 'manual' | 'round_robin' | 'least_load';

/** A team member as the policy sees them. */
export interface Candidate {
  userId: string;
  presence: 'online' | 'away' | 'offline';
  /** Open, pending and waiting conversations assigned to them now. */
  load: number;
  capacity: number;
  skills: string[];
  languages: string[];
}

/** What the conversation needs of its agent when the team respects skills. */
export interface Needs {
  language: string | null;
  /** Product skills (the conversation's labels that are skills of someone in the team). */
  skills: string[];
}

const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());

/** True when the candidate has the conversation's language (an agent without languages speaks any) and every skill. */
export function hasSkills(c: Candidate, needs: Needs): boolean {
  const langs = lower(c.languages);
  if (needs.language && langs.length > 0 && !langs.includes(needs.language.toLowerCase())) return false;
  const skills = lower(c.skills);
  return lower(needs.skills).every((s) => skills.includes(s));
}

/** The members who may take one more conversation now: online, under capacity, with the skills where asked. */
export function eligible(candidates: readonly Candidate[], needs: Needs, respectSkills: boolean): Candidate[] {
  return candidates.filter((c) => c.presence === 'online' && c.load < c.capacity && (!respectSkills || hasSkills(c, needs)));
}

// Members in a fixed order (by id), starting after the cursor: round-robin's turn, and least-load's tie-break.
function rotation(list: Candidate[], cursor: string | null): Candidate[] {
  const sorted = [...list].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const next = cursor ? sorted.findIndex((c) => c.userId > cursor) : 0;
  return next <= 0 ? sorted : [...sorted.slice(next), ...sorted.slice(0, next)];
}

/** The member the policy picks, or null (manual policy, or nobody fits: the conversation waits in the team's queue). */
export function pickAgent(policy: AssignmentPolicy, candidates: readonly Candidate[], opts: { cursor: string | null; respectSkills: boolean; needs: Needs }): string | null {
  if (policy === 'manual') return null;
  const list = rotation(eligible(candidates, opts.needs, opts.respectSkills), opts.cursor);
  if (list.length === 0) return null;
  if (policy === 'round_robin') return list[0]!.userId;
  // least_load: the fewest open conversations; among equals the next in turn.
  let best = list[0]!;
  for (const c of list) if (c.load < best.load) best = c;
  return best.userId;
}
