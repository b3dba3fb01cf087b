import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { expect, test } from 'vitest';
import { completeUtf8Length, decodeStream, SNIFF_BYTES, sniffEncoding, TextDecodeStream, type TextEncoding } from './decode.ts';

async function decodeAll(chunks: Buffer[]): Promise<{ text: string; encoding: TextEncoding }> {
  const decoded = decodeStream(Readable.from(chunks));
  let text = '';
  for await (const chunk of decoded) text += chunk;
  return { text, encoding: decoded.encoding };
}

const SAMPLE = 'Vorname;Nachname;Ort\nJürgen;Groß;Köln\nZoë;Weiß;München – 5 €\n';
const bytes = (...parts: (number[] | Buffer)[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

test.each<[string, Buffer, TextEncoding]>([
  ['Windows-1252', iconv.encode(SAMPLE, 'windows1252'), 'windows-1252'],
  ['UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], Buffer.from(SAMPLE)), 'utf-8'],
  ['UTF-8 without BOM', Buffer.from(SAMPLE), 'utf-8'],
  ['UTF-16 LE with BOM', bytes([0xff, 0xfe], iconv.encode(SAMPLE, 'utf16le')), 'utf-16le'],
  ['UTF-16 BE with BOM', bytes([0xfe, 0xff], iconv.encode(SAMPLE, 'utf16be')), 'utf-16be'],
])('%s decodes to the same text', async (_name, file, encoding) => {
  expect(await decodeAll([file])).toEqual({ text: SAMPLE, encoding });
});

test('Windows-1252 ü, ß and € come out right', async () => {
  const { text, encoding } = await decodeAll([Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x20, 0x80])]);
  expect(encoding).toBe('windows-1252');
  expect(text).toBe('Grüße €');
});

test.each<[string, Buffer]>([
  ['plain ASCII', Buffer.from('a,b\n1,2\n')],
  ['empty', Buffer.alloc(0)],
])('%s is UTF-8', async (_name, file) => {
  expect(await decodeAll([file])).toEqual({ text: file.toString(), encoding: 'utf-8' });
});

test('a byte order mark split over chunks is still recognised', async () => {
  const file = bytes([0xef, 0xbb, 0xbf], Buffer.from(SAMPLE));
  expect(await decodeAll([file.subarray(0, 1), file.subarray(1, 2), file.subarray(2)])).toEqual({ text: SAMPLE, encoding: 'utf-8' });
  const utf16 = bytes([0xff, 0xfe], iconv.encode(SAMPLE, 'utf16le'));
  expect(await decodeAll([utf16.subarray(0, 1), utf16.subarray(1, 4), utf16.subarray(4)])).toEqual({ text: SAMPLE, encoding: 'utf-16le' });
});

test('UTF-8 cut into chunks at every byte is not mistaken for Windows-1252', async () => {
  const file = Buffer.from(SAMPLE);
  const oneByteChunks = [...file].map((b) => Buffer.from([b]));
  expect(await decodeAll(oneByteChunks)).toEqual({ text: SAMPLE, encoding: 'utf-8' });
});

test('a sequence cut at the end of the sniffed window is not a false alarm', async () => {
  // '€' is 3 bytes, so the window of SNIFF_BYTES ends inside one.
  expect(SNIFF_BYTES % 3).not.toBe(0);
  const text = 'x'.repeat(1000) + '€'.repeat(SNIFF_BYTES);
  expect(await decodeAll([Buffer.from(text)])).toEqual({ text, encoding: 'utf-8' });
});

test('Windows-1252 after a long ASCII start is still detected', async () => {
  // The sniffed window starts at the first non-ASCII byte, however late that comes.
  const text = 'name\n' + 'anna\n'.repeat(50_000) + 'Jürgen\n';
  const file = iconv.encode(text, 'windows1252');
  const chunks = Array.from({ length: Math.ceil(file.length / 4096) }, (_, i) => file.subarray(i * 4096, (i + 1) * 4096));
  expect(await decodeAll(chunks)).toEqual({ text, encoding: 'windows-1252' });
});

test('the encoding reads utf-8 while only ASCII has been seen, and settles once evidence arrives', async () => {
  const decoder = new TextDecodeStream();
  decoder.write(Buffer.from('a,b\n'));
  expect(decoder.read()).toBe('a,b\n');
  expect(decoder.encoding).toBe('utf-8');
  decoder.end(iconv.encode('ü\n', 'windows1252'));
  let rest = '';
  for await (const chunk of decoder) rest += chunk;
  expect(rest).toBe('ü\n');
  expect(decoder.encoding).toBe('windows-1252');
});

test('an error of the input reaches the reader', async () => {
  const failing = new Readable({ read() { this.destroy(new Error('disk gone')); } });
  const readAll = async () => {
    for await (const _chunk of decodeStream(failing)) { /* drain */ }
  };
  await expect(readAll()).rejects.toThrow('disk gone');
});

test.each<[string, number[], number]>([
  ['complete ASCII', [0x61, 0x62], 2],
  ['complete ü', [0x61, 0xc3, 0xbc], 3],
  ['ü cut after its lead byte', [0x61, 0xc3], 1],
  ['€ cut after two bytes', [0xe2, 0x82], 0],
  ['complete €', [0xe2, 0x82, 0xac], 3],
  ['4-byte emoji cut after three bytes', [0x61, 0xf0, 0x9f, 0x98], 1],
  ['stray continuation bytes', [0x80, 0x80, 0x80, 0x80], 4],
])('completeUtf8Length: %s', (_name, input, expected) => {
  expect(completeUtf8Length(Uint8Array.from(input))).toBe(expected);
});

test.each<[string, number[], boolean, string]>([
  ['valid UTF-8', [0xc3, 0xbc], false, 'utf-8'],
  ['UTF-8 cut at the end, more to come', [0x61, 0xc3], false, 'utf-8'],
  ['UTF-8 cut at the end of the file', [0x61, 0xc3], true, 'windows-1252'],
  ['Windows-1252 ü', [0x61, 0xfc, 0x62], false, 'windows-1252'],
  ['Windows-1252 € at the end', [0x35, 0x20, 0x80], false, 'windows-1252'],
])('sniffEncoding: %s', (_name, input, final, expected) => {
  expect(sniffEncoding(Uint8Array.from(input), final)).toBe(expected);
});
