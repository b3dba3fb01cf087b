/** Limits enforced by both the server and the web app. */
export const LIMITS = {
  shortText: 200,
  email: 254,
  phone: 40,
  url: 2048,
  tag: 64,
  tagsPerRecord: 50,
  multiValues: 20,
  noteBody: 20_000,
  pageSizeDefault: 50,
  pageSizeMax: 200,
  importMaxBytes: 512 * 1024 * 1024,
  passwordMin: 10,
} as const;
