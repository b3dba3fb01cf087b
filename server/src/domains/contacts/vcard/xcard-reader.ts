import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { linesOf, type RawCard, type ReadResult, type VCardProperty } from './card.ts';

// xCard, RFC 6351: <vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0"><vcard><fn><text>…</text></fn>…</vcard></vcards>.
// Properties are elements holding <parameters> and typed values (<text>, <uri>, <date>, …); N and ADR hold one
// element per component, which may repeat to form a list; <group name="item1"> wraps grouped properties.

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  N: ['surname', 'given', 'additional', 'prefix', 'suffix'],
  ADR: ['pobox', 'ext', 'street', 'locality', 'region', 'code', 'country'],
};

// Order matters (N's components, which ORG comes first), so the parser keeps document order. Tag values stay
// strings ("01234" is a postal code, not a number), and namespace prefixes go (xc:vcard is vcard).
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Reads xCard text into cards of properties. */
export function readXCard(text: string): ReadResult {
  // The parser accepts broken XML silently; the validator says where it breaks. (fast-xml-parser marks it deprecated
  // in favour of the separate fast-xml-validator package, which is not a dependency.)
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, msg } = validation.err;
    return { cards: [], problems: [{ line, message: `not valid XML: ${msg}` }] };
  }
  let roots: XmlElement[];
  try {
    roots = elementsOf(parser.parse(text) as unknown[]);
  } catch (error) {
    // valid XML the parser still refuses, such as nesting deeper than its limit
    return { cards: [], problems: [{ line: 1, message: `XML not read: ${(error as Error).message}` }] };
  }
  const root = roots.find((e) => e.name === 'vcards');
  const cards = root ? root.children.filter((e) => e.name === 'vcard') : roots.filter((e) => e.name === 'vcard');
  if (cards.length === 0) return { cards: [], problems: [{ line: 1, message: 'not xCard: no <vcards> with <vcard> elements' }] };
  const lines = linesOf(text, /<(?:[\w.-]+:)?vcard[\s/>]/g); // <vcard> start tags, not <vcards>
  return { cards: cards.map((card, i) => readCard(card, lines[i] ?? 1)), problems: [] };
}

function readCard(card: XmlElement, line: number): RawCard {
  const properties: VCardProperty[] = [];
  for (const element of card.children) {
    if (element.name === 'group') {
      const group = element.attributes.name?.toLowerCase();
      for (const child of element.children) properties.push(readProperty(child, line, group));
    } else properties.push(readProperty(element, line));
  }
  return { line, properties, problems: [] };
}

function readProperty(element: XmlElement, line: number, group?: string): VCardProperty {
  const name = element.name.toUpperCase();
  const params = new Map<string, string[]>();
  for (const parameters of element.children.filter((c) => c.name === 'parameters')) {
    for (const param of parameters.children) {
      const key = param.name.toUpperCase();
      const values = param.children.map((v) => (key === 'TYPE' ? v.text.trim().toLowerCase() : v.text));
      params.set(key, [...(params.get(key) ?? []), ...values]);
    }
  }
  const values = element.children.filter((c) => c.name !== 'parameters');
  // The value element names the value type (<date>, <uri>); the mapper reads it as the VALUE parameter.
  const type = values[0]?.name;
  if (type && type !== 'unknown') params.set('VALUE', [type]);
  const components = COMPONENTS[name];
  return {
    name,
    group,
    params,
    // ORG's <text> elements are its components (company, units); elsewhere several values form a list.
    values: components
      ? components.map((c) => values.filter((v) => v.name === c).map((v) => v.text))
      : name === 'ORG' ? values.map((v) => [v.text]) : [values.map((v) => v.text)],
    line,
  };
}

// fast-xml-parser's ordered output: [{ tag: [children], ':@': { attributes } } | { '#text': text }].
function elementsOf(nodes: unknown[]): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes as Record<string, unknown>[]) {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (!name) continue;
    const children = (node[name] ?? []) as Record<string, unknown>[];
    elements.push({
      name,
      attributes: (node[':@'] ?? {}) as Record<string, string>,
      children: elementsOf(children),
      text: children.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join(''),
    });
  }
  return elements;
}
