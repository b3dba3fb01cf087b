// The baseline classifier of inbound messages: language (de/en), sentiment and intent by small hand-written word
// lists. It is deliberately simple and transparent: an agent can see why a message got its label, and a better model
// replaces it behind the `Classifier` interface (setClassifier) without touching the pipeline. The word lists below
// were written for Parley. Of the lexicons in ../shared/data: SentiWS (German) is CC BY-NC-SA 3.0 and GermEval 2017
// is CC BY-NC 4.0 — not shippable in this product; VADER (MIT) and AFINN (Apache-2.0) could be shipped with their
// notices (English only; AFINN's German list is an unmerged, low-quality translation), and are the first candidates
// for a measured, better classifier. None is copied here.

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
export const INTENTS = ['service_request', 'sales_lead', 'complaint', 'praise', 'spam', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export interface Classification {
  /** `de`, `en`, or null when the text says too little (the network's tag, if any, is used then). */
  language: string | null;
  sentiment: Sentiment | null;
  intent: Intent | null;
}

/** What classifies a message; swap the implementation with setClassifier (a model served elsewhere, a better list). */
export interface Classifier {
  classify(text: string, hint?: { language?: string | null }): Classification;
}

const STOP_WORDS: Record<'de' | 'en', ReadonlySet<string>> = {
  de: new Set(('der die das und ist nicht ich sie es ein eine einen mit auf für von zu den dem des im wir ihr mein meine '
    + 'noch schon aber auch wie was wenn bei seit habe hat haben bin sind wird kann können bitte danke hallo warum immer').split(' ')),
  en: new Set(('the and is not you it a an with on for of to in we my your this that but also how what when at since '
    + 'have has had am are was will can could please thanks hello why still yet been does do did').split(' ')),
};

// Sentiment words, stems matched at a word's start ("enttäusch" matches enttäuscht, Enttäuschung).
const POSITIVE = ['danke', 'super', 'toll', 'klasse', 'prima', 'perfekt', 'zufrieden', 'begeistert', 'großartig', 'grossartig', 'lieb', 'freu', 'empfehl', 'schnell geholfen',
  'thank', 'great', 'love', 'awesome', 'excellent', 'perfect', 'happy', 'amazing', 'wonderful', 'recommend', 'fantastic', 'best', 'helpful'];
const NEGATIVE = ['schlecht', 'ärger', 'enttäusch', 'katastroph', 'unverschämt', 'wütend', 'frech', 'mangelhaft', 'kaputt', 'defekt', 'nie wieder', 'schlimm', 'furchtbar', 'unzufrieden', 'warte seit', 'immer noch', 'leider',
  'bad', 'terrible', 'awful', 'disappoint', 'angry', 'broken', 'worst', 'never again', 'horrible', 'useless', 'unacceptable', 'still waiting', 'ridiculous', 'scam'];
const NEGATORS = new Set(['nicht', 'kein', 'keine', 'keinen', 'nie', 'not', 'no', 'never', "don't", "isn't", "wasn't"]);

// Intent rules, checked in this order: the first that matches wins (spam before all, a complaint before a service request).
const INTENT_RULES: { intent: Intent; words: string[] }[] = [
  { intent: 'spam', words: ['gewinnspiel gewonnen', 'klick hier', 'click here', 'free money', 'crypto', 'bitcoin', 'viagra', 'casino', 'follow back', 'dm for promo', 'check my profile', 'earn $', 'verdiene'] },
  { intent: 'complaint', words: ['beschwerde', 'reklamation', 'unverschämt', 'enttäusch', 'nie wieder', 'skandal', 'frechheit', 'complaint', 'refund', 'disappoint', 'unacceptable', 'never again', 'worst', 'ridiculous', 'still waiting', 'warte seit', 'geld zurück'] },
  { intent: 'sales_lead', words: ['angebot', 'preis', 'kosten', 'kostet', 'tarif', 'kaufen', 'bestellen', 'lizenz', 'interesse an', 'demo', 'rabatt', 'quote', 'price', 'pricing', 'buy', 'purchase', 'order', 'interested in', 'discount', 'how much'] },
  { intent: 'service_request', words: ['hilfe', 'problem', 'funktioniert nicht', 'geht nicht', 'fehler', 'defekt', 'kaputt', 'wie kann', 'lieferung', 'termin', 'techniker', 'rechnung', 'passwort', 'help', 'issue', 'not working', "doesn't work", 'error', 'broken', 'how do i', 'how can i', 'delivery', 'invoice', 'password', 'support'] },
  { intent: 'praise', words: ['danke', 'super', 'toll', 'klasse', 'begeistert', 'lob', 'thank', 'great job', 'love', 'awesome', 'amazing', 'excellent', 'kudos'] },
];

const words = (text: string) => text.toLowerCase().normalize('NFC').match(/[\p{L}']+/gu) ?? [];

function detectLanguage(tokens: string[], hint?: string | null): string | null {
  let de = 0;
  let en = 0;
  for (const t of tokens) {
    if (STOP_WORDS.de.has(t)) de++;
    if (STOP_WORDS.en.has(t)) en++;
  }
  if (de === en) {
    const tag = hint?.slice(0, 2).toLowerCase();
    return tag === 'de' || tag === 'en' ? tag : null;
  }
  return de > en ? 'de' : 'en';
}

// True when the phrase occurs at a word start; a single word counts as a stem ("disappoint" matches disappointed).
function hasPhrase(lower: string, phrase: string): boolean {
  let i = lower.indexOf(phrase);
  while (i >= 0) {
    if (i === 0 || !/[\p{L}\d]/u.test(lower[i - 1]!)) return true;
    i = lower.indexOf(phrase, i + 1);
  }
  return false;
}

function detectSentiment(lower: string, tokens: string[]): Sentiment | null {
  if (!tokens.length) return null;
  let score = 0;
  for (const [list, sign] of [[POSITIVE, 1], [NEGATIVE, -1]] as const) {
    for (const w of list) {
      if (!hasPhrase(lower, w)) continue;
      // "nicht zufrieden", "not happy": a negator right before a sentiment word turns it around.
      const at = tokens.findIndex((t) => t.startsWith(w.split(' ')[0]!));
      score += at > 0 && NEGATORS.has(tokens[at - 1]!) ? -sign : sign;
    }
  }
  if (/!{2,}|\?{3,}/.test(lower)) score -= 0.5;
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

/** The documented baseline: stop-word counts for language, word lists for sentiment, ordered keyword rules for intent. */
export const baselineClassifier: Classifier = {
  classify(text, hint) {
    const lower = text.toLowerCase().normalize('NFC');
    const tokens = words(lower);
    const matches = (i: Intent) => INTENT_RULES.find((r) => r.intent === i)!.words.some((w) => hasPhrase(lower, w));
    let intent = INTENT_RULES.find((r) => matches(r.intent))?.intent ?? 'other';
    const sentiment = detectSentiment(lower, tokens);
    // "Danke, der Techniker war super": a service word in a positive message with thanks is praise, not a request.
    if (intent === 'service_request' && sentiment === 'positive' && matches('praise')) intent = 'praise';
    return { language: detectLanguage(tokens, hint?.language), sentiment, intent: tokens.length ? intent : null };
  },
};

let current: Classifier = baselineClassifier;

/** Replaces the classifier the ingestion job uses (a better model, or a fixed one in tests). */
export function setClassifier(c: Classifier): void {
  current = c;
}

/** Classifies a message's text with the current classifier; empty text gets nothing but the network's language tag. */
export function classifyText(text: string | null, hint?: { language?: string | null }): Classification {
  if (!text || !text.trim()) return { language: hint?.language?.slice(0, 2).toLowerCase() ?? null, sentiment: null, intent: null };
  return current.classify(text, hint);
}
