import type { Language } from '@parley/contracts/common';
import type { PersonalDataExport } from '@parley/contracts/privacy';

// The readable form of a personal data export: one self-contained HTML page (no scripts, no external resources) in
// German or English, every value escaped. Sections follow the kinds of data; the values are shown as they are
// stored, with field names put into words.

type L = Record<Language, string>;

const TEXT = {
  title: { de: 'Personenbezogene Daten', en: 'Personal data' },
  intro: {
    de: 'Diese Seite enthält alle Daten, die {workspace} in Parley über diese Person speichert, Stand {date}. Die gleichen Daten gibt es maschinenlesbar als JSON.',
    en: 'This page holds all data {workspace} keeps about this person in Parley, as of {date}. The same data is available machine-readable as JSON.',
  },
  none: { de: 'Nichts gespeichert', en: 'Nothing stored' },
  yes: { de: 'Ja', en: 'Yes' },
  no: { de: 'Nein', en: 'No' },
} satisfies Record<string, L>;

const SECTIONS: Record<string, L> = {
  contact: { de: 'Stammdaten', en: 'Master data' },
  notes: { de: 'Notizen', en: 'Notes' },
  timeline: { de: 'Verlauf', en: 'Activity' },
  merges: { de: 'Zusammenführungen', en: 'Merges' },
  tasks: { de: 'Aufgaben', en: 'Tasks' },
  identities: { de: 'Identitäten (soziale Netzwerke, E-Mail, Anmeldung)', en: 'Identities (social networks, e-mail, sign-on)' },
  consents: { de: 'Einwilligungen', en: 'Consents' },
  customer_accounts: { de: 'Community-Konten', en: 'Community accounts' },
  messages: { de: 'Nachrichten', en: 'Messages' },
  community_posts: { de: 'Community-Beiträge', en: 'Community posts' },
};

const FIELDS: Record<string, L> = {
  firstName: { de: 'Vorname', en: 'First name' }, lastName: { de: 'Nachname', en: 'Last name' },
  displayName: { de: 'Name', en: 'Name' }, email: { de: 'E-Mail', en: 'E-mail' }, emails: { de: 'E-Mail-Adressen', en: 'E-mail addresses' },
  phone: { de: 'Telefon', en: 'Phone' }, phones: { de: 'Telefonnummern', en: 'Phone numbers' }, addresses: { de: 'Adressen', en: 'Addresses' },
  value: { de: 'Wert', en: 'Value' }, label: { de: 'Art', en: 'Label' }, e164: { de: 'Nummer (international)', en: 'Number (international)' },
  street: { de: 'Straße', en: 'Street' }, extended: { de: 'Adresszusatz', en: 'Address line 2' }, city: { de: 'Ort', en: 'City' }, postalCode: { de: 'PLZ', en: 'Postcode' },
  region: { de: 'Region', en: 'Region' }, country: { de: 'Land', en: 'Country' },
  jobTitle: { de: 'Position', en: 'Job title' }, company: { de: 'Firma', en: 'Company' }, companyName: { de: 'Firma', en: 'Company' },
  name: { de: 'Name', en: 'Name' }, website: { de: 'Website', en: 'Website' }, birthday: { de: 'Geburtstag', en: 'Birthday' },
  language: { de: 'Sprache', en: 'Language' }, lifecycleStage: { de: 'Lebenszyklusphase', en: 'Lifecycle stage' },
  tags: { de: 'Schlagwörter', en: 'Tags' }, custom: { de: 'Weitere Felder', en: 'Custom fields' },
  createdAt: { de: 'Angelegt', en: 'Created' }, updatedAt: { de: 'Geändert', en: 'Updated' },
  mergedRecords: { de: 'Zusammengeführte Datensätze', en: 'Merged records' }, mergedInto: { de: 'Zusammengeführt in', en: 'Merged into' },
  ownerId: { de: 'Zuständig (Benutzer-ID)', en: 'Owner (user id)' },
  body: { de: 'Text', en: 'Text' }, kind: { de: 'Art', en: 'Kind' }, at: { de: 'Zeitpunkt', en: 'Time' }, data: { de: 'Daten', en: 'Data' },
  before: { de: 'Vorher', en: 'Before' }, undoneAt: { de: 'Rückgängig gemacht', en: 'Undone' }, mergedRecordId: { de: 'Zusammengeführter Datensatz', en: 'Merged record' },
  title: { de: 'Titel', en: 'Title' }, description: { de: 'Beschreibung', en: 'Description' }, status: { de: 'Status', en: 'Status' },
  dueAt: { de: 'Fällig', en: 'Due' }, completedAt: { de: 'Erledigt', en: 'Completed' },
  accounts: { de: 'Konten', en: 'Accounts' }, network: { de: 'Netzwerk', en: 'Network' }, externalId: { de: 'ID im Netzwerk', en: 'Id on the network' },
  handle: { de: 'Benutzername', en: 'Handle' }, profileUrl: { de: 'Profil', en: 'Profile' }, avatarUrl: { de: 'Profilbild', en: 'Picture' },
  profile: { de: 'Profilangaben', en: 'Profile details' }, enrichment: { de: 'Aus dem Netzwerk abgerufen', en: 'Fetched from the network' },
  enrichedAt: { de: 'Abgerufen', en: 'Fetched' }, firstSeenAt: { de: 'Zuerst gesehen', en: 'First seen' }, lastSeenAt: { de: 'Zuletzt gesehen', en: 'Last seen' },
  links: { de: 'Zuordnungen', en: 'Links' }, formerLinks: { de: 'Frühere Zuordnungen', en: 'Former links' },
  method: { de: 'Wie', en: 'How' }, score: { de: 'Wahrscheinlichkeit', en: 'Score' }, evidence: { de: 'Belege', en: 'Evidence' },
  undoReason: { de: 'Grund', en: 'Reason' }, matchProposals: { de: 'Zuordnungsvorschläge', en: 'Match proposals' },
  probability: { de: 'Wahrscheinlichkeit', en: 'Probability' }, decidedAt: { de: 'Entschieden', en: 'Decided' },
  current: { de: 'Aktueller Stand', en: 'Current status' }, ledger: { de: 'Verlauf', en: 'History' }, purpose: { de: 'Zweck', en: 'Purpose' },
  action: { de: 'Vorgang', en: 'Action' }, legalBasis: { de: 'Rechtsgrundlage', en: 'Legal basis' }, source: { de: 'Quelle', en: 'Source' },
  wordingVersion: { de: 'Textfassung', en: 'Wording version' }, proof: { de: 'Nachweis', en: 'Proof' }, since: { de: 'Seit', en: 'Since' },
  emailVerifiedAt: { de: 'E-Mail bestätigt', en: 'E-mail confirmed' }, hasPassword: { de: 'Passwort gesetzt', en: 'Password set' },
  lastLoginAt: { de: 'Letzte Anmeldung', en: 'Last sign-in' }, openSessions: { de: 'Offene Sitzungen', en: 'Open sessions' },
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The export as one readable HTML page in the given language. */
export function renderPersonalDataHtml(doc: PersonalDataExport, displayName: string, lang: Language): string {
  const e = escapeHtml;
  const when = (iso: string) => `${new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
  const label = (k: string) => FIELDS[k]?.[lang] ?? k.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

  const value = (v: unknown, depth: number): string => {
    if (v === null || v === undefined || v === '') return '<span class="none">—</span>';
    if (typeof v === 'boolean') return e(v ? TEXT.yes[lang] : TEXT.no[lang]);
    if (typeof v === 'string') return ISO.test(v) ? e(when(v)) : `<span class="text">${e(v)}</span>`;
    if (typeof v !== 'object') return e(String(v));
    if (depth > 12) return `<code>${e(JSON.stringify(v))}</code>`;
    if (Array.isArray(v)) {
      if (!v.length) return `<span class="none">${e(TEXT.none[lang])}</span>`;
      if (v.every((x) => x === null || typeof x !== 'object')) return v.map((x) => value(x, depth + 1)).join(', ');
      return `<ol>${v.map((x) => `<li>${value(x, depth + 1)}</li>`).join('')}</ol>`;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.length) return `<span class="none">${e(TEXT.none[lang])}</span>`;
    return `<table>${entries.map(([k, x]) => `<tr><th>${e(label(k))}</th><td>${value(x, depth + 1)}</td></tr>`).join('')}</table>`;
  };

  const sections = Object.entries(doc.data).map(([kind, data]) =>
    `<section><h2>${e(SECTIONS[kind]?.[lang] ?? label(kind))}</h2>${value(data, 0)}</section>`).join('\n');
  const intro = TEXT.intro[lang].replace('{workspace}', doc.workspace.name).replace('{date}', when(doc.exportedAt));
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(TEXT.title[lang])}: ${e(displayName)}</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; } th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #eaeef2; }
th { width: 28%; font-weight: 600; color: #57606a; } ol { padding-left: 1.25rem; margin: .25rem 0; } li { margin-bottom: .5rem; }
.none { color: #8c959f; } .text { white-space: pre-wrap; overflow-wrap: anywhere; } .intro { color: #57606a; }
</style>
</head>
<body>
<h1>${e(TEXT.title[lang])}: ${e(displayName)}</h1>
<p class="intro">${e(intro)}</p>
${sections}
</body>
</html>
`;
}
