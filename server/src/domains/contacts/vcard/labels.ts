// Labels of e-mail addresses, phone numbers and postal addresses ("work", "mobile", "work fax", "Assistant"): read
// from TYPE parameters or from an X-ABLabel in the same group (Apple's and Google's custom labels), and written back
// as TYPE parameters where every version has a word for them, else as an X-ABLabel.

export type LabelledProperty = 'EMAIL' | 'TEL' | 'ADR';

// TYPE values that say how a value may be used rather than which one it is; they are no part of a label.
const NOT_LABELS = new Set([
  'pref', 'voice', 'text', 'msg', 'video', 'textphone', 'internet', 'x400', 'postal', 'parcel', 'dom', 'intl',
]);
const WORD_OF_TYPE: Readonly<Record<string, string>> = { cell: 'mobile' };
const TYPE_OF_WORD: Readonly<Record<string, string>> = { mobile: 'cell' };
// Label words in the order they are written: where, then what kind of line.
const ORDER = ['home', 'work', 'other', 'mobile', 'fax', 'pager', 'main'];

// Words with a TYPE in 2.1, 3.0 and 4.0 alike (home and work on EMAIL are not in 2.1 and 3.0, but everyone reads them).
const STANDARD_WORDS: Readonly<Record<LabelledProperty, ReadonlySet<string>>> = {
  TEL: new Set(['home', 'work', 'mobile', 'fax', 'pager']),
  EMAIL: new Set(['home', 'work']),
  ADR: new Set(['home', 'work']),
};

// Apple's built-in labels, written `_$!<HomeFAX>!$_`; others are shown as written between the brackets.
const APPLE_LABEL = /^_\$!<(.*)>!\$_$/;
const APPLE_WORDS: Readonly<Record<string, string>> = {
  home: 'home', work: 'work', other: 'other', mobile: 'mobile', main: 'main', pager: 'pager',
  homefax: 'home fax', workfax: 'work fax', otherfax: 'other fax',
};

/** The label TYPE parameters give: `TYPE=WORK,FAX` → "work fax", `TYPE=cell,voice` → "mobile", `TYPE=pref` → none. */
export function labelFromTypes(types: readonly string[]): string | undefined {
  const words = [...new Set(types.map((t) => WORD_OF_TYPE[t] ?? t))].filter((w) => !NOT_LABELS.has(w));
  words.sort((a, b) => rank(a) - rank(b));
  return words.length > 0 ? words.join(' ') : undefined;
}

/** The label an X-ABLabel gives: `_$!<Mobile>!$_` → "mobile", `_$!<AssistantPhone>!$_` → "AssistantPhone". */
export function labelFromAppleLabel(raw: string): string | undefined {
  const text = raw.trim();
  const inner = APPLE_LABEL.exec(text)?.[1]?.trim();
  if (inner === undefined) return text || undefined;
  return APPLE_WORDS[inner.toLowerCase()] ?? (inner || undefined);
}

/** TYPE values (lower-case) that read back as `label`, or undefined when it needs an X-ABLabel. */
export function typesForLabel(label: string, property: LabelledProperty): string[] | undefined {
  const words = label.split(' ');
  if (!words.every((w) => STANDARD_WORDS[property].has(w))) return undefined;
  const types = words.map((w) => TYPE_OF_WORD[w] ?? w);
  return labelFromTypes(types) === label ? types : undefined;
}

function rank(word: string): number {
  const i = ORDER.indexOf(word);
  return i < 0 ? ORDER.length : i;
}
