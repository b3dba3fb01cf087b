import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { type ParseResult, parseContactCards, parseVCards, serializeVCards } from './vcard.ts';
import { hasSharedData, sharedData } from '../../testing/shared-data.ts';

// Files exported by real address books (../shared/data/vcard-samples, see SOURCE.md there), read in place.
const SAMPLES = sharedData('vcard-samples/');
const withSamples = test.runIf(hasSharedData);
const covered = new Set<string>();

function sample(file: string, title: string, check: (result: ParseResult) => void): void {
  covered.add(file);
  withSamples(`${file}: ${title}`, () => check(parseContactCards(readFileSync(new URL(file, SAMPLES)), file)));
}

// Its quotes, commas and semicolons are escaped in the files, and the text is folded.
const DISCLAIMER = new RegExp([
  '^THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, ',
  'INCLUDING, BUT NOT LIMITED TO, .* SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION\\) .*',
  ' POSSIBILITY OF SUCH DAMAGE\\.',
].join(''), 's');
const Ñ = (n: number, separator = '') => Array<string>(n).fill('Ñ').join(separator);

withSamples('every sample file has its expectations here', () => {
  expect(fileURLToPath(SAMPLES)).toMatch(/\/shared\/data\/vcard-samples\/$/);
  const files = readdirSync(SAMPLES).filter((f) => /\.(vcf|json|xml)$/.test(f));
  expect(files.length).toBe(19);
  expect(files.filter((f) => !covered.has(f))).toEqual([]);
});

sample('John_Doe_ANDROID.vcf', '2.1 with QUOTED-PRINTABLE UTF-8 and soft breaks, six cards', ({ cards, errors }) => {
  expect(cards.map((c) => c.line)).toEqual([1, 6, 11, 18, 36, 71]);
  expect(cards[0]!.input).toEqual({ emails: [{ value: 'john.doe@company.com' }], tags: ['My Contacts'] });
  expect(cards[1]!.input).toEqual({ emails: [{ value: 'jane.doe@company.com' }], tags: ['My Contacts'] });
  expect(cards[2]!.input).toEqual({ lastName: Ñ(4, ' '), phones: [{ value: '123456789', label: 'mobile' }], tags: ['My Contacts'] });
  expect(cards[3]!.input).toEqual({
    lastName: Ñ(11, ' '), // N continues on the next line after a soft break
    phones: [
      { value: '123456', label: 'mobile' }, { value: '234567', label: 'home' },
      { value: '3456789', label: 'mobile' }, { value: '45678901', label: 'home' },
    ],
    // two NOTEs, each over three soft-broken lines
    note: `${Ñ(8, ' ')}${Ñ(8, ' ')}${Ñ(5, ' ')}\n\n${Ñ(8, ' ')}${Ñ(8, ' ')}${Ñ(5, ' ')}`,
    tags: ['My Contacts'],
  });
  expect(cards[4]!.input).toEqual({
    firstName: Ñ(3, ' '),
    lastName: Ñ(2, ' '),
    emails: [{ value: 'bob@company.com', label: 'work' }],
    phones: [{ value: '123456', label: 'mobile' }, { value: '123456', label: 'work' }, { value: '123456', label: 'work fax' }],
    companyName: Ñ(12),
    website: 'www.company.com',
  });
  expect(cards[5]!.input).toEqual({
    lastName: Ñ(4),
    emails: [{ value: 'henry@company.com' }],
    phones: [{ value: '55556666', label: 'mobile' }],
    companyName: Ñ(44), // the first of three ORGs; its soft break is followed by a blank line
    tags: ['My Contacts'],
  });
  expect(errors).toEqual([{ card: 5, line: 44, message: `EMAIL "${Ñ(14)}" dropped: Invalid email address` }]);
});

sample('John_Doe_BLACK_BERRY.vcf', '2.1 with an unfolded BASE64 photo ended by a blank line', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: { firstName: 'john', lastName: 'Doe', phones: [{ value: '+96123456789', label: 'mobile' }], companyName: 'Acme Solutions' },
  }]);
  expect(errors).toEqual([]);
});

sample('John_Doe_EVOLUTION.vcf', '3.0 folded mid-value, quoted parameters with colons', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'John',
      lastName: 'Doe',
      emails: [{ value: 'john.doe@ibm.com', label: 'work' }],
      phones: [{ value: '905-666-1234', label: 'mobile' }, { value: '905-555-1234', label: 'work' }],
      addresses: [{
        label: 'home', street: '15 Crescent moon drive', extended: 'ASB-123', // ASB-123 is the PO box
        postalCode: '12345', city: 'Albaney', region: 'New York', country: 'United States of America',
      }],
      jobTitle: 'Money Counter',
      companyName: 'IBM',
      website: 'http://www.ibm.com',
      birthday: '1980-03-22',
      note: expect.stringMatching(DISCLAIMER),
      tags: ['VIP'],
    },
  }]);
  expect(errors).toEqual([]);
});

sample('John_Doe_GMAIL.vcf', '3.0 from Gmail: escaped colons and quotes, the address in one component', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'John',
      lastName: 'Doe',
      emails: [{ value: 'john.doe@ibm.com', label: 'home' }],
      phones: [{ value: '905-555-1234', label: 'mobile' }, { value: '905-666-1234', label: 'home' }],
      addresses: [{
        label: 'home',
        extended: 'Crescent moon drive\n555-asd\nNice Area, Albaney, New York 12345\nUnited States of America',
      }],
      jobTitle: 'Money Counter',
      companyName: 'IBM',
      website: 'http://www.ibm.com',
      birthday: '1980-03-22',
      note: expect.stringMatching(/\.\nFavotire Color: Blue$/),
    },
  }]);
  expect(cards[0]!.input.note).toMatch(DISCLAIMER);
  expect(errors).toEqual([]);
});

sample('gmail-list.vcf', 'three cards', ({ cards, errors }) => {
  expect(cards).toEqual([
    { line: 1, input: { firstName: 'Arnold', lastName: 'Smith', emails: [{ value: 'asmithk@gmail.com' }] } },
    { line: 7, input: { firstName: 'Chris', lastName: 'Beatle', emails: [{ value: 'chrisy55d@yahoo.com' }] } },
    { line: 13, input: { firstName: 'Doug', lastName: 'White', emails: [{ value: 'dwhite@gmail.com' }] } },
  ]);
  expect(errors).toEqual([]);
});

sample('gmail-single.vcf', 'custom labels in item groups', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'Greg',
      lastName: 'Dartmouth',
      emails: [{ value: 'gdartmouth@hotmail.com' }],
      phones: [{ value: '555 555 1111', label: 'mobile' }, { value: '555 555 2222', label: 'GRAND_CENTRAL' }],
      addresses: [
        { label: 'home', street: '123 Home St\nHome City, HM 12345' },
        { label: 'CustomAdrType', street: '321 Custom St', city: 'Custom City', region: 'TX', postalCode: '98765', country: 'USA' },
      ],
      jobTitle: 'TheJobTitle',
      companyName: 'TheCompany',
      website: 'http://TheProfile.com',
      birthday: '1960-09-10',
      note: "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField",
    },
  }]);
  expect(errors).toEqual([]);
});

sample('gmail-single2.vcf', 'every kind of e-mail, phone, address and URL Gmail writes', ({ cards, errors }) => {
  const street = (n: number) => ({ street: `${n} Main St`, city: 'NY', region: 'New York', postalCode: '10011' });
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'VCard',
      lastName: 'Test',
      emails: [
        { value: 'email@example.com' },
        { value: 'homeemail@example.com', label: 'home' },
        { value: 'workemail@example.com', label: 'work' },
        { value: 'otheremail@example.com' },
        { value: 'customcategory@example.com', label: 'CustomEmailCategory' },
      ],
      phones: [
        { value: '5555551111' }, { value: '5555551112', label: 'home' }, { value: '5555551113', label: 'work' },
        { value: '5555551114' }, { value: '5555551115', label: 'mobile' }, { value: '5555551116', label: 'main' },
        { value: '5555551117', label: 'home fax' }, { value: '5555551118', label: 'work fax' },
        { value: '5555551119', label: 'GRAND_CENTRAL' }, { value: '5555551120', label: 'pager' },
        { value: '5555551121', label: 'CustomePhoneCategory' },
      ],
      addresses: [
        street(111), { label: 'home', ...street(112) }, { label: 'work', ...street(113) }, street(114),
        { label: 'CustomAddressCategory', ...street(115) },
      ],
      jobTitle: 'TheJobTitle',
      companyName: 'TheCompany',
      website: 'http://www.example1.com', // the first of six URLs
      birthday: '1912-06-23',
      note: 'note line 1\nnote line 2\nCustomField: field value',
    },
  }]);
  expect(errors).toEqual([]);
});

const iPhoneAndMac = {
  firstName: 'John',
  lastName: 'Doe',
  addresses: [
    { label: 'home', street: 'Silicon Alley 5,', city: 'New York', region: 'New York', postalCode: '12345', country: 'United States of America' },
    { label: 'work', street: 'Street4\nBuilding 6\nFloor 8', city: 'New York', postalCode: '12345', country: 'USA' },
  ],
  jobTitle: 'Money Counter',
  companyName: 'IBM', // ORG:IBM;Accounting
  website: 'http://www.ibm.com',
  birthday: '2012-06-06',
};

sample('John_Doe_IPHONE.vcf', '3.0 from iOS 5: CR CR LF line ends, a 40 kB photo, preferred phone first', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      ...iPhoneAndMac,
      emails: [{ value: 'john.doe@ibm.com' }],
      phones: [
        { value: '905-555-1234', label: 'mobile' }, { value: '905-666-1234', label: 'home' },
        { value: '905-777-1234', label: 'work' }, { value: '905-888-1234', label: 'home fax' },
        { value: '905-999-1234', label: 'work fax' }, { value: '905-111-1234', label: 'pager' },
        { value: '905-222-1234', label: 'AssistantPhone' }, // item2.X-ABLabel:_$!<AssistantPhone>!$_
      ],
    },
  }]);
  expect(errors).toEqual([]);
});

sample('John_Doe_MAC_ADDRESS_BOOK.vcf', '3.0 from macOS: item groups, an unfolded 1 kB note', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      ...iPhoneAndMac,
      emails: [{ value: 'john.doe@ibm.com', label: 'work' }],
      phones: [
        { value: '905-777-1234', label: 'work' }, { value: '905-666-1234', label: 'home' },
        { value: '905-555-1234', label: 'mobile' }, { value: '905-888-1234', label: 'home fax' },
        { value: '905-999-1234', label: 'work fax' }, { value: '905-111-1234', label: 'pager' },
        { value: '905-222-1234', label: 'AssistantPhone' },
      ],
      note: expect.stringMatching(/\nFavotire Color: Blue$/),
    },
  }]);
  expect(cards[0]!.input.note).toMatch(DISCLAIMER);
  expect(errors).toEqual([]);
});

sample('John_Doe_LOTUS_NOTES.vcf', '3.0 from Lotus Notes', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'John',
      lastName: 'Doe',
      emails: [{ value: 'john.doe@ibm.com', label: 'work' }, { value: 'billy_bob@gmail.com', label: 'work' }],
      phones: [{ value: '+1 (212) 204-34456', label: 'mobile' }, { value: '00-1-212-555-7777', label: 'work fax' }],
      addresses: [{
        label: 'home', street: '25334\nSouth cresent drive, Building 5, 3rd floo r',
        city: 'New York', region: 'New York', postalCode: 'NYC887', country: 'U.S.A.',
      }],
      jobTitle: 'Generic Accountant',
      companyName: 'IBM',
      website: 'http://www.sun.com',
      birthday: '1980-05-21',
      note: expect.stringMatching(/^THIS SOFTWARE IS PROVIDED BY .* "AS IS"\nAND ANY .*\n POSSIBILITY OF SUCH DAMAGE\.$/s),
    },
  }]);
  expect(errors).toEqual([]);
});

sample('John_Doe_MS_OUTLOOK.vcf', '2.1 from Outlook: bare TYPE words, BDAY 19800322', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'John',
      lastName: 'Doe',
      emails: [{ value: 'john.doe@ibm.cm' }],
      phones: [{ value: '(905) 555-1234', label: 'work' }, { value: '(905) 666-1234', label: 'home' }],
      addresses: [
        { label: 'work', street: 'Cresent moon drive', city: 'Albaney', region: 'New York', postalCode: '12345', country: 'United States of America' },
        { label: 'home', street: 'Silicon Alley 5,', city: 'New York', region: 'New York', postalCode: '12345', country: 'United States of America' },
      ],
      jobTitle: 'Money Counter',
      companyName: 'IBM',
      website: 'http://www.ibm.com',
      birthday: '1980-03-22',
      note: expect.stringMatching(/^THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS'' AND .* SUCH DAMAGE\.$/),
    },
  }]);
  expect(errors).toEqual([]);
});

sample('outlook-2003.vcf', '2.1 QUOTED-PRINTABLE note with CRLFs split over a soft break', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'John',
      lastName: 'Doe',
      emails: [{ value: 'jdoe@hotmail.com' }],
      phones: [
        { value: 'BusinessPhone', label: 'work' }, { value: 'HomePhone', label: 'home' },
        { value: 'MobilePhone', label: 'mobile' }, { value: 'BusinessFaxPhone', label: 'work fax' },
      ],
      addresses: [{
        label: 'work', street: '123 Main St', extended: 'TheOffice', city: 'Austin', region: 'TX', postalCode: '12345',
        country: 'United States of America',
      }],
      jobTitle: 'The Job Title',
      companyName: 'Company, The',
      website: 'http://web-page-address.com',
      birthday: '1980-03-21',
      note: 'This is the note field!!\nSecond line\n\nThird line is empty',
    },
  }]);
  expect(errors).toEqual([]);
});

sample('outlook-2007.vcf', '2.1 with CHARSET=us-ascii QUOTED-PRINTABLE', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'Michael',
      lastName: 'Angstadt',
      emails: [{ value: 'mike.angstadt@gmail.com' }],
      phones: [
        { value: '(111) 555-1111', label: 'work' }, { value: '(111) 555-2222', label: 'home' },
        { value: '(111) 555-4444', label: 'mobile' }, { value: '(111) 555-3333', label: 'work fax' },
      ],
      addresses: [{
        label: 'work', street: '222 Broadway', extended: 'TheOffice', city: 'New York', region: 'NY', postalCode: '99999', country: 'USA',
      }],
      jobTitle: 'TheJobTitle',
      companyName: 'TheCompany',
      website: 'http://mikeangstadt.name',
      birthday: '1922-03-10',
      note: 'This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\n'
        + "But I'm not sure because there's text formatting going on here.\nIt does not preserve the formatting",
    },
  }]);
  expect(errors).toEqual([]);
});

sample('thunderbird-MoreFunctionsForAddressBook-extension.vcf', '3.0 with CHARSET and LF-folded photo', ({ cards, errors }) => {
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'John',
      lastName: 'Doe',
      emails: ['doe.john@hotmail.com', 'additional-email@company.com', 'additional-email1@company.com',
        'additional-email2@company.com', 'additional-email3@company.com'].map((value) => ({ value })),
      phones: [
        { value: '555-555-1111', label: 'work' }, { value: '555-555-2222', label: 'home' }, { value: '555-555-5555', label: 'mobile' },
        { value: '555-555-3333', label: 'fax' }, { value: '555-555-4444', label: 'pager' },
      ],
      // the extension writes the street as the extended address, and the suite as the street
      addresses: [
        { label: 'work', extended: '222 Broadway', street: 'Suite 100', city: 'New York', region: 'NY', postalCode: '98765', country: 'USA' },
        { label: 'home', extended: '123 Main St', street: 'Apt 10', city: 'Austin', region: 'TX', postalCode: '12345', country: 'USA' },
      ],
      jobTitle: 'TheTitle',
      companyName: 'TheOrganization',
      website: 'http://www.private-webpage.com',
      birthday: '1970-09-21',
      note: 'This is the notes field.\nSecond Line\n\nFourth Line\nYou can put anything in the "note" field; even curse words.',
      // `category1\, category2\, category3`: escaped commas are not separators, so this is one category
      tags: ['category1, category2, category3'],
    },
  }]);
  expect(errors).toEqual([]);
});

sample('fullcontact.vcf', '4.0 with two ORGs, two TITLEs, BDAY in ALTID forms', ({ cards, errors }) => {
  const address = (kind: string, label: string) => ({
    label, street: `${kind}Street`, extended: `${kind}Extended`, city: `${kind}City`, region: `${kind}State`,
    postalCode: `${kind}Postal`, country: `${kind}Country`,
  });
  expect(cards).toEqual([{
    line: 1,
    input: {
      firstName: 'FirstName',
      lastName: 'LastName',
      emails: [
        { value: 'home@example.com', label: 'home' }, { value: 'work@example.com', label: 'work' },
        { value: 'school@example.com', label: 'school' }, { value: 'other@example.com', label: 'other' },
        { value: 'custom@example.com', label: 'customtype' },
      ],
      phones: [
        { value: '555-555-1111', label: 'home' }, { value: '555-555-1112', label: 'work' },
        { value: '555-555-1113', label: 'mobile' }, { value: '555-555-1114', label: 'mobile' }, { value: '555-555-1115' },
        { value: '555-555-1116', label: 'home fax' }, { value: '555-555-1117', label: 'work fax' },
        { value: '555-555-1118' }, { value: '555-555-1119' },
      ],
      addresses: [address('Home', 'home'), address('Work', 'work'), address('Other', 'other'), address('Custom', 'customtype')],
      jobTitle: 'Title1',
      companyName: 'Organization1',
      website: 'http://www.homepage.com',
      birthday: '2016-08-01',
      note: 'Notes line 1\nNotes line 2',
      tags: ['Tag'],
    },
  }]);
  expect(errors).toEqual([]);
});

sample('rfc2426-example.vcf', 'RFC 2426 examples: lower-case vCard, LF, FN only', ({ cards, errors }) => {
  // SOURCE.md counts one card, but the file holds both of the RFC's examples.
  expect(cards).toEqual([
    {
      line: 1,
      input: {
        firstName: 'Frank',
        lastName: 'Dawson',
        emails: [{ value: 'frank_dawson@lotus.com' }, { value: 'fdawson@earthlink.net' }],
        phones: [{ value: '+1-919-676-9515', label: 'work' }, { value: '+1-919-676-9564', label: 'work fax' }],
        addresses: [{ label: 'work', street: '6544 Battleford Drive', city: 'Raleigh', region: 'NC', postalCode: '27613-3502', country: 'U.S.A.' }],
        companyName: 'Lotus Development Corporation',
        website: 'http://home.earthlink.net/~fdawson',
      },
    },
    {
      line: 13,
      input: {
        firstName: 'Tim',
        lastName: 'Howes',
        emails: [{ value: 'howes@netscape.com' }],
        phones: [{ value: '+1-415-937-3419', label: 'work' }, { value: '+1-415-528-4164', label: 'work fax' }],
        addresses: [{ label: 'work', street: '501 E. Middlefield Rd.', city: 'Mountain View', region: 'CA', postalCode: '94043', country: 'U.S.A.' }],
        companyName: 'Netscape Communications Corp.',
      },
    },
  ]);
  expect(errors).toEqual([]);
});

const simonPerreault = (street: string, extended?: string) => ({
  firstName: 'Simon',
  lastName: 'Perreault',
  emails: [{ value: 'simon.perreault@viagenie.ca', label: 'work' }],
  phones: [{ value: '+1-418-656-9254 ext. 102', label: 'work' }, { value: '+1-418-262-6501', label: 'work mobile' }],
  addresses: [{ label: 'work', street, ...(extended && { extended }), city: 'Quebec', region: 'QC', postalCode: 'G1V 2M2', country: 'Canada' }],
  companyName: 'Viagenie',
  website: 'http://nomis80.org',
});

sample('rfc6350-example.vcf', 'RFC 6350 example: tel: URIs, quoted TYPE list, BDAY without a year', ({ cards, errors }) => {
  expect(cards).toEqual([{ line: 1, input: simonPerreault('2875 Laurier', 'Suite D2-630') }]);
  expect(errors).toEqual([{ card: 1, line: 5, message: 'BDAY "--0203" dropped: no year, and a birthday needs one' }]);
});

sample('jcard-example.json', 'RFC 7095 example (jCard)', ({ cards, errors }) => {
  expect(cards).toEqual([{ line: 1, input: simonPerreault('2875 Laurier', 'Suite D2-630') }]);
  expect(errors).toEqual([{ card: 1, line: 1, message: 'BDAY "--02-03" dropped: no year, and a birthday needs one' }]);
});

sample('rfc6351-example.xml', 'RFC 6351 example (xCard)', ({ cards, errors }) => {
  expect(cards).toEqual([{ line: 3, input: simonPerreault('2875 boul. Laurier, suite D2-630') }]);
  expect(errors).toEqual([{ card: 1, line: 3, message: 'BDAY "--0203" dropped: no year, and a birthday needs one' }]);
});

withSamples.each(['2.1', '3.0', '4.0'] as const)('every sample survives a round trip through vCard %s', (version) => {
  for (const file of covered) {
    const { cards } = parseContactCards(readFileSync(new URL(file, SAMPLES)), file);
    const again = parseVCards(serializeVCards(cards.map((c) => c.input), version));
    expect(again.errors, file).toEqual([]);
    expect(again.cards.map((c) => c.input), file).toEqual(cards.map((c) => c.input));
  }
});

test.each([
  ['text vCard', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n', undefined],
  ['jCard', ' \n[["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Ada Lovelace"]]]]', undefined],
  ['xCard', '<?xml version="1.0"?>\n<vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0"><vcard><fn><text>Ada Lovelace</text></fn></vcard>'
    + '</vcards>', undefined],
  ['xCard with a namespace prefix', '<x:vcards xmlns:x="urn:ietf:params:xml:ns:vcard-4.0"><x:vcard><x:fn><x:text>Ada Lovelace</x:text>'
    + '</x:fn></x:vcard></x:vcards>', 'a.xml'],
])('parseContactCards tells %s by its content', (_, content, filename) => {
  for (const input of [content, Buffer.from(content, 'utf8'), Buffer.from(`\uFEFF${content}`, 'utf16le')]) {
    expect(parseContactCards(input, filename)).toEqual({
      cards: [{ line: expect.any(Number), input: { firstName: 'Ada', lastName: 'Lovelace' } }],
      errors: [],
    });
  }
});

test('parseContactCards falls back to the file name, and reports broken JSON and XML', () => {
  expect(parseContactCards('{"not": "jcard"}', 'cards.json').errors).toEqual([
    { card: 0, line: 1, message: 'not jCard: expected ["vcard", [properties]] or a list of them' },
  ]);
  expect(parseContactCards('[["vcard", [', 'cards.json').errors).toEqual([
    { card: 0, line: 1, message: expect.stringMatching(/^not valid JSON: /) },
  ]);
  expect(parseContactCards('<vcards>\n<vcard>\n</vcards>').errors).toEqual([
    { card: 0, line: 3, message: expect.stringMatching(/^not valid XML: .*vcard/) },
  ]);
  const deep = `<vcards><vcard><note>${'<x>'.repeat(500)}${'</x>'.repeat(500)}</note></vcard></vcards>`;
  expect(parseContactCards(deep).errors).toEqual([{ card: 0, line: 1, message: expect.stringMatching(/^XML not read: /) }]);
  expect(parseContactCards('nothing here', 'notes.txt')).toEqual({
    cards: [],
    errors: [{ card: 0, line: 1, message: 'no vCard found (no BEGIN:VCARD)' }],
  });
});

test('jCard: several cards, groups with X-ABLabel, structured values and lists', () => {
  const text = `[
  ["vcard", [["fn", {}, "text", "A B"], ["categories", {}, "text", "friends", "golf"]]],
  ["vcard", [
    ["n", {}, "text", [["van", "der"], "Anna", "", "", ""]],
    ["email", {"group": "item1"}, "text", "anna@example.org"],
    ["x-ablabel", {"group": "item1"}, "text", "Club"],
    ["bday", {}, "date", "1990-01-31"],
    ["bday", {}, "text", "in spring"]
  ]]
]`;
  expect(parseContactCards(text)).toEqual({
    cards: [
      { line: 2, input: { firstName: 'A', lastName: 'B', tags: ['friends', 'golf'] } },
      { line: 3, input: { firstName: 'Anna', lastName: 'van der', emails: [{ value: 'anna@example.org', label: 'Club' }], birthday: '1990-01-31' } },
    ],
    errors: [],
  });
});

test('xCard: groups, several ORG components, and a date given as text', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0">
  <vcard>
    <n><surname>Ødegård</surname><given>Åse</given><additional/><prefix/><suffix/></n>
    <org><text>Nordlys &amp; Co</text><text>Salg</text></org>
    <group name="item1">
      <tel><uri>tel:+47-22-33-44-55</uri></tel>
      <x-ablabel><text>_$!&lt;Main&gt;!$_</text></x-ablabel>
    </group>
    <bday><text>ca. 1970</text></bday>
  </vcard>
</vcards>`;
  expect(parseContactCards(Buffer.from(xml))).toEqual({
    cards: [{
      line: 3,
      input: { firstName: 'Åse', lastName: 'Ødegård', companyName: 'Nordlys & Co', phones: [{ value: '+47-22-33-44-55', label: 'main' }] },
    }],
    errors: [{ card: 1, line: 3, message: 'BDAY "ca. 1970" dropped: free text, not a date' }],
  });
});
