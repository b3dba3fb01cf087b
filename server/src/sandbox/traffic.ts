// The sandbox's customers: a deterministic (seeded) stream of what people write to Wärmewerk Heiztechnik on its
// channels — service questions, complaints, praise, sales inquiries and spam, in German and English — and each message
// as the delivery its network would post to Parley's webhook, in exactly the formats the connectors' mappers read
// (Meta page feed and messaging, Instagram comments, X Account Activity, Mastodon streaming notifications, the API
// channel). The texts were written for Parley; names are made up (a few are taken from the workspace's own people, so
// identity resolution has something to propose). Nothing here reaches a real network or person.
import { foldText } from '../lib/text.ts';
import { BRITISH_SURNAMES, GERMAN_SURNAMES, PRODUCTS } from '../db/seed/demo-vocabulary.ts';
import { seededRandom } from '../lib/random.ts';

export const SANDBOX_NETWORKS = ['facebook', 'instagram', 'x', 'mastodon', 'api'] as const;
export type SandboxNetworkName = (typeof SANDBOX_NETWORKS)[number];
export const TRAFFIC_INTENTS = ['service_request', 'complaint', 'sales_lead', 'praise', 'spam'] as const;
export type TrafficIntent = (typeof TRAFFIC_INTENTS)[number];
export type TrafficLanguage = 'de' | 'en';

/** A made-up customer with one account per network (ids derived from the name, so the same person across runs). */
export interface Persona {
  name: string;
  language: TrafficLanguage;
  /** Folded name for handles: `anna_mueller`. */
  handle: string;
  spammer: boolean;
  ids: Record<SandboxNetworkName, string>;
}

/** One customer message: on a network, public (a comment or mention) or private (a direct message or chat). */
export interface TrafficMessage {
  seq: number;
  network: SandboxNetworkName;
  kind: 'public' | 'private';
  /** What the customer wants; `follow_up` for an answer to an agent's reply. */
  intent: TrafficIntent | 'follow_up';
  language: TrafficLanguage;
  author: Persona;
  text: string;
  /** The page's post (0..POSTS-1) a public message sits under. */
  post: number;
  /** The seq of an earlier public message of the same post this one answers (a thread on a Facebook comment). */
  threadWith: number | null;
}

/** The page's own posts the public messages are comments on. */
export const POSTS = 3;

const rng = seededRandom;

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
function weighted<T extends string>(r: () => number, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let x = r() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((x -= w) < 0) return k;
  return entries.at(-1)![0];
}

// FNV-1a over the text, stretched into `n` digits: stable ids from a name.
function digitsOf(text: string, n: number): string {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  const r = rng(h);
  let s = String(1 + Math.floor(r() * 9));
  while (s.length < n) s += String(Math.floor(r() * 10));
  return s;
}

const GERMAN_FIRST = ['Anna', 'Lukas', 'Sabine', 'Michael', 'Julia', 'Stefan', 'Claudia', 'Andreas', 'Petra', 'Markus', 'Katharina', 'Tobias', 'Monika', 'Jan', 'Heike', 'Felix', 'Ayşe', 'Jürgen', 'Birgit', 'Sven'];
const ENGLISH_FIRST = ['Sarah', 'James', 'Emma', 'Oliver', 'Laura', 'Daniel', 'Rachel', 'Tom', 'Chloe', 'Harry'];
const SPAMMERS = ['Crypto King 88', 'Gewinn Service', 'Follow4Follow Deals', 'Lucky Spins Bonus'];
const INSTANCES = ['mastodon.example', 'troet.example', 'norden.example'];

/** A persona of the given name; the same name always gives the same accounts. */
export function personaOf(name: string, language: TrafficLanguage, spammer = false): Persona {
  const handle = foldText(name).replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'kunde';
  return {
    name, language, handle, spammer,
    ids: {
      facebook: digitsOf(`fb:${name}`, 16),
      instagram: `1784${digitsOf(`ig:${name}`, 13)}`,
      x: digitsOf(`x:${name}`, 18),
      mastodon: `${handle.replace(/_/g, '')}@${INSTANCES[Number(digitsOf(`m:${name}`, 3)) % INSTANCES.length]}`,
      api: `visitor-${digitsOf(`api:${name}`, 8)}`,
    },
  };
}

type Fill = { product: string; code: string; size: string; city: string; n: string };
type Templates = Record<TrafficIntent, Record<TrafficLanguage, readonly ((f: Fill) => string)[]>>;

// Each text carries the words the baseline classifier (domains/inbox/classify.ts) reads for its intent, as customers
// write them; the sandbox test checks that the classifier agrees.
const TEXTS: Templates = {
  service_request: {
    de: [
      (f) => `Meine ${f.product} zeigt seit heute früh den Fehler ${f.code}. Was kann ich tun?`,
      (f) => `Hallo, unsere Heizung geht nicht mehr an, das Display zeigt ${f.code}. Können Sie einen Techniker schicken?`,
      (f) => `Wie kann ich bei der ${f.product} den Warmwasser-Zeitplan ändern? Ich finde das im Menü nicht.`,
      (f) => `Ich brauche einen Termin für die Wartung meiner ${f.product} in ${f.city}. Wen muss ich anrufen?`,
      () => 'Die Wärmepumpe macht nachts ein lautes Brummen. Ist das ein Problem oder normal?',
      () => 'Ich habe die Rechnung für den Wartungsvertrag nicht bekommen, an wen kann ich mich wenden?',
    ],
    en: [
      (f) => `My ${f.product} has been showing error ${f.code} since this morning. What should I do?`,
      (f) => `Hi, how do I reset the ${f.product}? The display shows ${f.code} and the heating is not working.`,
      (f) => `Can someone help me set up the hot water schedule on my ${f.product}?`,
      (f) => `I need a service appointment for my ${f.product} in ${f.city}. Who do I contact for support?`,
      () => 'The outdoor unit of my heat pump makes a loud humming noise at night. Is that an issue?',
    ],
  },
  complaint: {
    de: [
      () => 'Ich warte seit drei Wochen auf den Techniker. Das ist eine Frechheit!',
      (f) => `Offizielle Beschwerde: Die ${f.product} ist nach zwei Monaten schon wieder ausgefallen.`,
      () => 'Sehr enttäuscht vom Kundendienst. Niemand ruft zurück und die Wohnung bleibt kalt.',
      () => 'Reklamation: Der Installateur hat den Speicher falsch angeschlossen und niemand fühlt sich zuständig.',
      (f) => `Nie wieder Wärmewerk. Seit Wochen immer noch kein Ersatzteil für meine ${f.product}.`,
    ],
    en: [
      () => 'Still waiting for a technician after three weeks. This is unacceptable.',
      () => 'Really disappointed with your customer service, nobody calls back and the house is cold.',
      (f) => `I want a refund. The ${f.product} failed twice in two months.`,
      () => 'Worst installation experience ever. The engineer left without finishing the job.',
    ],
  },
  sales_lead: {
    de: [
      (f) => `Was kostet eine Wärmepumpe für ${f.size} m² Wohnfläche?`,
      (f) => `Wir bauen in ${f.city} ein Einfamilienhaus. Können Sie uns ein Angebot für die ${f.product} machen?`,
      (f) => `Gibt es für die ${f.product} eine Förderung? Was wäre der Preis inklusive Montage?`,
      (f) => `Ich habe Interesse an einer Solarthermie-Anlage für unser Haus. Wer kann mich in ${f.city} beraten?`,
      () => 'Wir sind ein Installationsbetrieb und möchten Partner werden. Schicken Sie uns bitte Ihre Preisliste?',
    ],
    en: [
      (f) => `How much does a heat pump for a ${f.size} m² house cost?`,
      (f) => `We are renovating an old farmhouse near ${f.city}. Could you send us a quote for the ${f.product}?`,
      (f) => `Interested in the ${f.product} for our office building. What is the price including installation?`,
      () => 'Do you offer a discount for installers buying ten units?',
    ],
  },
  praise: {
    de: [
      () => 'Danke an Ihren Techniker, die Wärmepumpe läuft wieder einwandfrei!',
      (f) => `Seit einem Jahr heizen wir mit der ${f.product} und sind begeistert. Super leise!`,
      () => 'Toller Service, der Termin hat sofort geklappt. Klasse Team!',
      () => 'Großes Lob an die Hotline, so schnell geholfen hat uns noch niemand.',
    ],
    en: [
      () => 'Thank you for the quick repair, your engineer was excellent!',
      (f) => `We love our new ${f.product}. Quiet, efficient, and the app is great.`,
      () => 'Kudos to your support team, they fixed it in one call. Amazing!',
    ],
  },
  spam: {
    de: [
      (f) => `Glückwunsch! Sie haben beim Gewinnspiel gewonnen, klick hier: gewinn-${f.n}.example`,
      () => 'Verdiene 5.000 € im Monat von zu Hause! Mehr auf meinem Profil.',
    ],
    en: [
      () => 'Earn $500 a day with crypto trading, check my profile!!!',
      () => 'Follow back for free followers 🔥 click here',
      () => 'Best casino bonus of the year 🎰 DM for promo',
    ],
  },
};

/** What customers write after an agent's reply: thanks, or that it did not help. */
const FOLLOW_UPS: Record<TrafficLanguage, readonly string[]> = {
  de: [
    'Danke für die schnelle Antwort!',
    'Super, das hat geholfen. Vielen Dank!',
    'Das hat leider nicht geholfen, der Fehler ist immer noch da.',
    'Wann kommt denn jetzt der Techniker? Ich warte seit Tagen.',
    'Alles klar, ich schicke Ihnen die Seriennummer gleich per Nachricht.',
  ],
  en: [
    'Thanks for the quick answer!',
    'That did not help, the error is still there.',
    'Great, that worked. Thank you!',
    'When will the engineer come? Still waiting.',
  ],
};

const CODES = ['E24', 'E07', 'F28', 'A12', 'E133', 'H05'];
const CITIES = ['Köln', 'Leipzig', 'Freiburg', 'Bremen', 'Nürnberg', 'Kassel', 'Graz', 'Bern', 'Manchester', 'Leeds'];
const SIZES = ['90', '120', '140', '160', '210'];

const INTENT_WEIGHTS: Record<TrafficIntent, number> = { service_request: 35, complaint: 20, sales_lead: 20, praise: 15, spam: 10 };
const NETWORK_WEIGHTS: Record<SandboxNetworkName, number> = { facebook: 35, instagram: 20, x: 20, mastodon: 10, api: 15 };
const PRIVATE_SHARE: Record<SandboxNetworkName, number> = { facebook: 0.3, instagram: 0.2, x: 0.35, mastodon: 0.2, api: 1 };

/** The people the stream draws from: made-up ones, plus `people` (names the workspace knows) for a third of them. */
export function personas(people: readonly { firstName: string; lastName: string }[] = []): Persona[] {
  const r = rng(20260117);
  const made: Persona[] = [];
  for (let i = 0; i < 30; i++) {
    const en = i % 4 === 3;
    made.push(personaOf(`${pick(r, en ? ENGLISH_FIRST : GERMAN_FIRST)} ${pick(r, en ? BRITISH_SURNAMES : GERMAN_SURNAMES)}`, en ? 'en' : 'de'));
  }
  const known = people.slice(0, 15).map((p) => personaOf(`${p.firstName} ${p.lastName}`, 'de'));
  return [...made, ...known];
}

/**
 * An endless, deterministic stream of customer messages: the same seed and people give the same messages in the
 * same order. About one Facebook comment in five answers an earlier comment under the same post (a thread).
 */
export function trafficStream(seed: number, people: readonly { firstName: string; lastName: string }[] = []): () => TrafficMessage {
  const r = rng(seed);
  const pool = personas(people);
  const spammers = SPAMMERS.map((n) => personaOf(n, 'en', true));
  const earlier: { seq: number; post: number }[] = [];
  let seq = 0;
  return () => {
    const intent = weighted(r, INTENT_WEIGHTS);
    const author = intent === 'spam' ? pick(r, spammers) : pick(r, pool);
    const language: TrafficLanguage = intent === 'spam' ? (r() < 0.3 ? 'de' : 'en') : author.language;
    const network = weighted(r, NETWORK_WEIGHTS);
    const kind = r() < PRIVATE_SHARE[network] ? 'private' : 'public';
    const productKey = pick(r, Object.keys(PRODUCTS));
    const fill: Fill = { product: PRODUCTS[productKey]![language], code: pick(r, CODES), size: pick(r, SIZES), city: pick(r, CITIES), n: String(Math.floor(r() * 9000) + 1000) };
    const text = pick(r, TEXTS[intent][language])(fill);
    const post = Math.floor(r() * POSTS);
    const candidates = earlier.filter((e) => e.post === post);
    const threadWith = network === 'facebook' && kind === 'public' && intent !== 'spam' && candidates.length > 0 && r() < 0.2 ? pick(r, candidates).seq : null;
    const message: TrafficMessage = { seq: seq++, network, kind, intent, language, author, text, post, threadWith };
    if (network === 'facebook' && kind === 'public') earlier.push({ seq: message.seq, post });
    return message;
  };
}

/** The first `count` messages of the stream of `seed`. */
export function generateTraffic(opts: { seed: number; count: number; people?: readonly { firstName: string; lastName: string }[] }): TrafficMessage[] {
  const next = trafficStream(opts.seed, opts.people);
  return Array.from({ length: opts.count }, next);
}

/** A customer's answer to an agent's reply, in the same place (thread or private conversation). */
export function followUpOf(original: TrafficMessage, seq: number, random: number, kind: 'public' | 'private' = original.kind): TrafficMessage {
  const list = FOLLOW_UPS[original.language];
  return { ...original, seq, kind, intent: 'follow_up', text: list[Math.floor(random * list.length)]!, threadWith: null };
}

/** Where a delivery's message sits on the network, as the runner assigned it. */
export interface Placement {
  /** The channel's account: page id, Instagram account id, X user id, Mastodon acct, API channel key. */
  account: string;
  /** The message's own id on the network. */
  id: string;
  /** The post or media a public message sits under (Facebook `{page}_{post}`, Instagram media id). */
  rootId: string | null;
  /** What it answers: a comment, an agent's reply, a status; null for a top-level message. */
  parentId: string | null;
  /** The channel's own handle on the network (X screen name, Mastodon profile URL). */
  accountHandle: string;
  now: Date;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const twitterDate = (d: Date) => {
  const [wd, , , , time] = d.toUTCString().split(' ');
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${wd!.replace(',', '')} ${month} ${String(d.getUTCDate()).padStart(2, '0')} ${time} +0000 ${d.getUTCFullYear()}`;
};

/** The JSON body the message's network posts to the channel's webhook. */
export function deliveryOf(m: TrafficMessage, at: Placement): object {
  const seconds = Math.floor(at.now.getTime() / 1000);
  const ms = at.now.getTime();
  const who = m.author;
  switch (m.network) {
    case 'facebook':
    case 'instagram': {
      const object = m.network === 'facebook' ? 'page' : 'instagram';
      if (m.kind === 'private') {
        return { object, entry: [{ id: at.account, time: ms, messaging: [{
          sender: { id: who.ids[m.network] }, recipient: { id: at.account }, timestamp: ms, message: { mid: at.id, text: m.text },
        }] }] };
      }
      if (m.network === 'instagram') {
        return { object, entry: [{ id: at.account, time: seconds, changes: [{ field: 'comments', value: {
          id: at.id, text: m.text, from: { id: who.ids.instagram, username: who.handle.replace(/_/g, '.') },
          media: { id: at.rootId, media_product_type: 'FEED' }, ...(at.parentId ? { parent_id: at.parentId } : {}),
        } }] }] };
      }
      return { object, entry: [{ id: at.account, time: seconds, changes: [{ field: 'feed', value: {
        item: 'comment', verb: 'add', comment_id: at.id, post_id: at.rootId, parent_id: at.parentId ?? at.rootId,
        from: { id: who.ids.facebook, name: who.name }, created_time: seconds, message: m.text,
      } }] }] };
    }
    case 'x': {
      const user = { id_str: who.ids.x, name: who.name, screen_name: who.handle, followers_count: 40 + (Number(who.ids.x.slice(-3)) % 900), verified: false };
      if (m.kind === 'private') {
        return {
          for_user_id: at.account,
          direct_message_events: [{ type: 'message_create', id: at.id, created_timestamp: String(ms), message_create: {
            target: { recipient_id: at.account }, sender_id: who.ids.x,
            message_data: { text: esc(m.text), entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
          } }],
          users: { [who.ids.x]: user, [at.account]: { id_str: at.account, name: 'Wärmewerk Heiztechnik', screen_name: at.accountHandle } },
        };
      }
      const mention = `@${at.accountHandle}`;
      const text = `${mention} ${esc(m.text)}`;
      return {
        for_user_id: at.account,
        tweet_create_events: [{
          created_at: twitterDate(at.now), id_str: at.id, text, timestamp_ms: String(ms), lang: m.language,
          in_reply_to_status_id_str: at.parentId, in_reply_to_user_id_str: at.parentId ? at.account : null,
          user,
          entities: { hashtags: [], urls: [], symbols: [], user_mentions: [{ screen_name: at.accountHandle, name: 'Wärmewerk Heiztechnik', id_str: at.account, indices: [0, [...mention].length] }] },
        }],
      };
    }
    case 'mastodon': {
      const [user, host] = who.ids.mastodon.split('@') as [string, string];
      const account = { id: digitsOf(who.ids.mastodon, 9), username: user, acct: who.ids.mastodon, display_name: who.name, url: `https://${host}/@${user}`, avatar: `https://${host}/avatars/original/missing.png`, followers_count: 12 };
      const channelUrl = at.accountHandle;
      const status = {
        id: at.id, created_at: at.now.toISOString(), in_reply_to_id: at.parentId, visibility: m.kind === 'private' ? 'direct' : 'public',
        language: m.language, url: `https://${host}/@${user}/${at.id}`, account,
        content: `<p><span class="h-card"><a href="${channelUrl}" class="u-url mention">@<span>${at.account.split('@')[0]}</span></a></span> ${esc(m.text)}</p>`,
        mentions: [{ id: '1', username: at.account.split('@')[0], acct: at.account, url: channelUrl }],
        media_attachments: [], spoiler_text: '', sensitive: false,
      };
      const notification = { id: `n${at.id}`, type: 'mention', created_at: at.now.toISOString(), account, status };
      // The streaming API's shape: the notification is JSON inside the `payload` string.
      return { stream: ['user'], event: 'notification', payload: JSON.stringify(notification) };
    }
    case 'api':
      return {
        id: `dlv-${at.id}`,
        events: [{
          type: 'message', id: at.id, conversation: { id: at.rootId ?? `chat-${who.ids.api}`, visibility: 'private', ...(at.parentId ? { parentId: at.parentId } : {}) },
          author: { id: who.ids.api, name: who.name }, text: m.text, language: m.language, occurredAt: at.now.toISOString(),
          metadata: { page: 'https://www.waermewerk.example/kontakt', widget: 'sandbox' },
        }],
      };
  }
}
