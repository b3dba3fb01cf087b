import type { ContactInput } from '@parley/contracts/contacts';
import { type LabelledProperty, typesForLabel } from './labels.ts';

export type VCardVersion = '2.1' | '3.0' | '4.0';

interface Property {
  group?: string;
  name: string;
  /** Written as they are: `TYPE=work,fax`, or a bare `WORK` in 2.1. */
  params: string[];
  /** Escaped for the version; in 2.1 line breaks stay, for QUOTED-PRINTABLE to encode. */
  value: string;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75; // RFC 6350 3.2 and RFC 2426 2.6: lines SHOULD NOT be longer, line break excluded
const MAX_QP = 75; // RFC 2045 6.7: 76 characters, the soft break's `=` included
// 4.0 prefers tel: URIs, which need a global number; others are written as text, which 4.0 also allows.
const GLOBAL_NUMBER = /^\+[0-9][0-9().-]*$/;

/** vCard text of the given version for contacts: CRLF line ends, folded at 75 octets, 2.1 QUOTED-PRINTABLE where needed. */
export function writeVCards(contacts: readonly ContactInput[], version: VCardVersion): string {
  return contacts
    .map((contact) => ['BEGIN:VCARD', `VERSION:${version}`, ...propertiesOf(contact, version).map((p) => render(p, version)), 'END:VCARD', '']
      .join(CRLF))
    .join('');
}

function propertiesOf(c: ContactInput, version: VCardVersion): Property[] {
  const text = (value: string) => escapeText(value, version);
  const properties: Property[] = [];
  const add = (name: string, value: string, params: string[] = [], group?: string) =>
    properties.push({ name, value, params, group });
  let groups = 0;
  // Labels without a TYPE word go to an X-ABLabel in the value's group, as Apple and Google write them.
  const labelled = (name: LabelledProperty, label: string | undefined, preferred: boolean, value: string, params: string[] = []) => {
    const types = label ? typesForLabel(label, name) : [];
    const group = types ? undefined : `item${++groups}`;
    add(name, value, [...params, ...typeParams(types ?? [], preferred, version)], group);
    if (group) add('X-ABLabel', text(label!), [], group);
  };

  // N is required in 2.1 and 3.0, FN in 3.0 and 4.0.
  if (c.firstName || c.lastName || version !== '4.0') add('N', [c.lastName, c.firstName, '', '', ''].map((v) => text(v ?? '')).join(';'));
  add('FN', text(formattedName(c)));
  if (c.companyName) add('ORG', text(c.companyName));
  if (c.jobTitle) add('TITLE', text(c.jobTitle));
  // The first of several is the preferred one: ContactInput keeps the primary value first.
  c.emails?.forEach((e, i, all) => labelled('EMAIL', e.label, i === 0 && all.length > 1, text(e.value)));
  c.phones?.forEach((p, i, all) => {
    const uri = version === '4.0' && GLOBAL_NUMBER.test(p.value);
    labelled('TEL', p.label, i === 0 && all.length > 1, uri ? `tel:${p.value}` : text(p.value), uri ? ['VALUE=uri'] : []);
  });
  c.addresses?.forEach((a, i, all) => labelled('ADR', a.label, i === 0 && all.length > 1,
    ['', a.extended, a.street, a.city, a.region, a.postalCode, a.country].map((v) => text(v ?? '')).join(';')));
  if (c.website) add('URL', escapeUri(c.website, version));
  // 4.0 dates are ISO 8601 basic format (RFC 6350 4.3.1); 2.1 and 3.0 readers expect the extended one.
  if (c.birthday) add('BDAY', version === '4.0' ? c.birthday.replaceAll('-', '') : c.birthday);
  if (c.note) add('NOTE', text(c.note));
  if (c.tags?.length) add('CATEGORIES', c.tags.map((t) => escapeText(t, version, true)).join(','));
  return properties;
}

// FN must not be empty where it is required; a card without a name shows its company, e-mail or phone instead.
function formattedName(c: ContactInput): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.companyName || c.emails?.[0]?.value || c.phones?.[0]?.value || '';
}

function typeParams(types: string[], preferred: boolean, version: VCardVersion): string[] {
  if (version === '2.1') return [...types.map((t) => t.toUpperCase()), ...(preferred ? ['PREF'] : [])];
  if (version === '3.0') {
    const list = [...types, ...(preferred ? ['pref'] : [])];
    return list.length > 0 ? [`TYPE=${list.join(',')}`] : [];
  }
  return [...(types.length > 0 ? [`TYPE=${types.join(',')}`] : []), ...(preferred ? ['PREF=1'] : [])];
}

/** Escapes a text value or component: backslash, `;`, and from 3.0 on `,` and line breaks (2.1 encodes those). */
export function escapeText(value: string, version: VCardVersion, listItem = false): string {
  const text = value.replace(/\r\n?/g, '\n').replace(/\\/g, '\\\\').replace(/;/g, '\\;');
  // 2.1 has no comma escape; readers such as Outlook would show the backslash. Only list separators need it.
  if (version === '2.1') return listItem ? text.replace(/,/g, '\\,') : text;
  return text.replace(/,/g, '\\,').replace(/\n/g, '\\n');
}

// URIs keep their commas and semicolons; a backslash or line break has no place in one but must not break the card.
function escapeUri(value: string, version: VCardVersion): string {
  const text = value.replace(/\r\n?/g, '\n').replace(/\\/g, '\\\\');
  return version === '2.1' ? text : text.replace(/\n/g, '\\n');
}

function render(p: Property, version: VCardVersion): string {
  const head = [p.group ? `${p.group}.${p.name}` : p.name, ...p.params].join(';');
  const line = `${head}:${p.value}`;
  if (version !== '2.1') return fold(line);
  if (/^[\x20-\x7e]*$/.test(p.value) && line.length <= MAX_OCTETS) return line;
  // 2.1 folding is RFC 822's, at whitespace only and kept when unfolded; QUOTED-PRINTABLE soft breaks are exact.
  const charset = /[^\p{ASCII}]/u.test(p.value) ? ';CHARSET=UTF-8' : '';
  return quotedPrintable(`${head}${charset};ENCODING=QUOTED-PRINTABLE:`, p.value);
}

/** Folds a content line at 75 octets (continuations start with a space), never inside a UTF-8 sequence. */
export function fold(line: string): string {
  const chunks: string[] = [];
  let chunk = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch);
    if (octets + size > MAX_OCTETS - (chunks.length > 0 ? 1 : 0)) {
      chunks.push(chunk);
      chunk = '';
      octets = 0;
    }
    chunk += ch;
    octets += size;
  }
  chunks.push(chunk);
  return chunks.join(`${CRLF} `);
}

/**
 * `head` followed by `value` in QUOTED-PRINTABLE (UTF-8), with soft breaks. The bytes of a character stay on one
 * line, and no line ends in a space or tab, which transports may strip.
 */
export function quotedPrintable(head: string, value: string): string {
  const tokens = [...value.replace(/\r\n?/g, '\n')].map((ch) =>
    ch === '\n' ? '=0D=0A' : ch === '=' || !/[\t\x20-\x7e]/.test(ch) ? hexOf(ch) : ch);
  const lines: string[] = [];
  let line = head;
  tokens.forEach((token, i) => {
    const whitespace = token === ' ' || token === '\t';
    const next = tokens[i + 1];
    let piece = whitespace && (next === undefined || line.length + 1 + next.length > MAX_QP) ? hexOf(token) : token;
    if (line.length + piece.length > MAX_QP) {
      lines.push(`${line}=`);
      line = '';
      if (whitespace) piece = hexOf(token);
    }
    line += piece;
  });
  lines.push(line);
  return lines.join(CRLF);
}

function hexOf(ch: string): string {
  return [...Buffer.from(ch, 'utf8')].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
