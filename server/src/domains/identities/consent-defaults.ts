import type { DEFAULT_PURPOSE_KEYS, LegalBasis, Localized } from '@parley/contracts/consent';

/** A purpose every workspace starts with; admins reword them (a new version) or archive them. */
export interface DefaultPurpose {
  key: (typeof DEFAULT_PURPOSE_KEYS)[number];
  legalBasis: LegalBasis;
  doubleOptIn: boolean;
  title: Localized;
  wording: Localized;
}

// Worded as the person reads them (first person, plain language), each naming how to withdraw: GDPR Art. 7 (3)
// requires withdrawing to be as easy as giving consent, and the person must be told so beforehand.
export const DEFAULT_PURPOSES: readonly DefaultPurpose[] = [
  {
    key: 'newsletter',
    legalBasis: 'consent',
    doubleOptIn: true,
    title: { de: 'Newsletter', en: 'Newsletter' },
    wording: {
      de: 'Ich möchte den Newsletter per E-Mail erhalten: Neuigkeiten, Angebote und Veranstaltungen. Ich kann meine Einwilligung jederzeit widerrufen, über den Link in jeder E-Mail oder formlos.',
      en: 'I would like to receive the newsletter by e-mail: news, offers and events. I can withdraw my consent at any time, through the link in every e-mail or simply by telling you.',
    },
  },
  {
    key: 'social_enrichment',
    legalBasis: 'consent',
    doubleOptIn: false,
    title: { de: 'Anreicherung aus sozialen Netzwerken', en: 'Enrichment from social networks' },
    wording: {
      de: 'Ich bin einverstanden, dass öffentliche Angaben aus meinen Profilen in sozialen Netzwerken, die mit meinem Kundendatensatz verknüpft sind (z. B. Name, Profilbild, Ort, Kurzbeschreibung), dort gespeichert werden, damit Sie mich besser beraten können. Widerrufe ich, werden diese Angaben gelöscht.',
      en: 'I agree that public details from my social network profiles linked to my customer record (such as name, profile picture, location, bio) are stored with it so that you can serve me better. If I withdraw, these details are deleted.',
    },
  },
  {
    key: 'tracking',
    legalBasis: 'consent',
    doubleOptIn: false,
    title: { de: 'Nutzungsanalyse', en: 'Usage tracking' },
    wording: {
      de: 'Ich bin einverstanden, dass meine Besuche Ihrer Website sowie das Öffnen Ihrer E-Mails und Klicks darin erfasst und meinem Kundendatensatz zugeordnet werden. Ich kann jederzeit widerrufen.',
      en: 'I agree that my visits to your website, and my opening of and clicks in your e-mails, are recorded and linked to my customer record. I can withdraw at any time.',
    },
  },
  {
    key: 'profiling',
    legalBasis: 'consent',
    doubleOptIn: false,
    title: { de: 'Persönliche Angebote (Profilbildung)', en: 'Personal offers (profiling)' },
    wording: {
      de: 'Ich bin einverstanden, dass aus meinen Käufen, Anfragen und meiner Nutzung ein Interessenprofil gebildet wird, damit Sie mir passende Angebote machen können. Ich kann jederzeit widerrufen.',
      en: 'I agree that an interest profile is built from my purchases, enquiries and usage so that you can make me suitable offers. I can withdraw at any time.',
    },
  },
];
