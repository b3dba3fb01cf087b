/**
 * The fixed parts of the demo workspace of Wärmewerk Heiztechnik GmbH: staff, teams, custom fields, and the word
 * lists the generator in demo-data.ts draws from (places, names, company patterns, note and task texts).
 *
 * Contact data must not reach a real person: every e-mail domain ends in .example (RFC 2606), and where a town has a
 * block of numbers kept free for films and books (Bundesnetzagentur: Berlin, Hamburg, München, Köln, Frankfurt;
 * Ofcom: the British towns below; 555-0100..0199 in North America), its landlines come from that block. Mobile
 * numbers and other towns' landlines are random, valid in form, and may exist: the demo must not call or text them.
 */
import type { Role } from '@parley/contracts/common';
import type { DemoCustomField, DemoTeam, DemoUser } from './demo-data.ts';

export const STAFF_DOMAIN = 'waermewerk.example';

export const DEMO_USERS: readonly DemoUser[] = [
  { name: 'Katrin Vogel', email: `katrin.vogel@${STAFF_DOMAIN}`, role: 'admin', language: 'de', jobTitle: 'IT und Administration' },
  { name: 'Jonas Becker', email: `jonas.becker@${STAFF_DOMAIN}`, role: 'manager', language: 'de', jobTitle: 'Social-Media-Manager' },
  { name: 'Leonie Schuster', email: `leonie.schuster@${STAFF_DOMAIN}`, role: 'agent', language: 'de', jobTitle: 'Kundenservice' },
  { name: 'Mehmet Yılmaz', email: `mehmet.yilmaz@${STAFF_DOMAIN}`, role: 'agent', language: 'de', jobTitle: 'Kundenservice' },
  { name: 'Thomas Brandl', email: `thomas.brandl@${STAFF_DOMAIN}`, role: 'expert', language: 'de', jobTitle: 'Servicetechniker' },
  { name: 'Anja Lorenz', email: `anja.lorenz@${STAFF_DOMAIN}`, role: 'expert', language: 'de', jobTitle: 'Produktmanagement Wärmepumpen' },
  { name: 'Florian Weber', email: `florian.weber@${STAFF_DOMAIN}`, role: 'sales', language: 'de', jobTitle: 'Vertrieb Fachhandwerk' },
  { name: 'Emily Carter', email: `emily.carter@${STAFF_DOMAIN}`, role: 'marketing', language: 'en', jobTitle: 'Marketing' },
];

const staffWith = (role: Role) => DEMO_USERS.flatMap((u, i) => (u.role === role ? [i] : []));
const staffTitled = (jobTitle: string) => DEMO_USERS.flatMap((u, i) => (u.jobTitle === jobTitle ? [i] : []));

/** Indexes into DEMO_USERS by what people do: who owns a person, writes a note, or gets a task. */
export const STAFF = {
  agents: staffWith('agent'),
  sales: staffWith('sales'),
  socialMedia: staffWith('manager'),
  marketing: staffWith('marketing'),
  technicians: staffTitled('Servicetechniker'),
  productManagers: staffTitled('Produktmanagement Wärmepumpen'),
};

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { name: 'Service', description: 'Kundenservice und Technikereinsätze', memberIndexes: [2, 3, 4] },
  { name: 'Vertrieb', description: 'Vertrieb an Fachhandwerk, Großhandel und Wohnungswirtschaft', memberIndexes: [6, 3] },
  { name: 'Marketing', description: 'Kampagnen, Social Media, Messen', memberIndexes: [7, 1] },
  { name: 'Produktmanagement', description: 'Wärmepumpen, Brennwert, Pellets, Solarthermie', memberIndexes: [5, 4] },
];

const opt = (value: string, de: string, en: string) => ({ value, label: { de, en } });

export const DEMO_CUSTOM_FIELDS: readonly DemoCustomField[] = [
  { key: 'customer_number', label: { de: 'Kundennummer', en: 'Customer number' }, type: 'text', appliesTo: 'contact' },
  {
    key: 'heating_system', label: { de: 'Heizsystem', en: 'Heating system' }, type: 'select', appliesTo: 'contact',
    options: [
      opt('heat_pump_air', 'Luft-Wasser-Wärmepumpe', 'Air-source heat pump'),
      opt('heat_pump_ground', 'Sole-Wasser-Wärmepumpe', 'Ground-source heat pump'),
      opt('gas_condensing', 'Gas-Brennwertkessel', 'Gas condensing boiler'),
      opt('pellet', 'Pelletkessel', 'Pellet boiler'),
      opt('solar_thermal', 'Solarthermie mit Speicher', 'Solar thermal with storage'),
      opt('hybrid', 'Hybridsystem', 'Hybrid system'),
      opt('oil', 'Ölheizung (Bestand)', 'Oil heating (existing)'),
    ],
  },
  { key: 'installation_year', label: { de: 'Baujahr der Anlage', en: 'Installation year' }, type: 'number', appliesTo: 'contact' },
  { key: 'maintenance_contract', label: { de: 'Wartungsvertrag', en: 'Maintenance contract' }, type: 'boolean', appliesTo: 'contact' },
  { key: 'next_maintenance', label: { de: 'Nächste Wartung', en: 'Next maintenance' }, type: 'date', appliesTo: 'contact' },
  {
    key: 'interests', label: { de: 'Interessen', en: 'Interests' }, type: 'multi_select', appliesTo: 'contact',
    options: [
      opt('heat_pump', 'Wärmepumpe', 'Heat pump'),
      opt('photovoltaics', 'Photovoltaik', 'Photovoltaics'),
      opt('subsidy', 'Förderung/BAFA', 'Subsidies/BAFA'),
      opt('smart_home', 'Smart Home', 'Smart home'),
      opt('solar_thermal', 'Solarthermie', 'Solar thermal'),
    ],
  },
  {
    key: 'building_type', label: { de: 'Gebäudeart', en: 'Building type' }, type: 'select', appliesTo: 'contact',
    options: [
      opt('detached', 'Einfamilienhaus', 'Detached house'),
      opt('semi_detached', 'Doppelhaushälfte', 'Semi-detached house'),
      opt('terraced', 'Reihenhaus', 'Terraced house'),
      opt('apartment_building', 'Mehrfamilienhaus', 'Apartment building'),
    ],
  },
  { key: 'heated_area', label: { de: 'Beheizte Fläche (m²)', en: 'Heated area (m²)' }, type: 'number', appliesTo: 'contact' },
  {
    key: 'partner_tier', label: { de: 'Partnerstufe', en: 'Partner tier' }, type: 'select', appliesTo: 'company',
    options: [
      opt('installer_premium', 'Fachhandwerk Premium', 'Installer premium'),
      opt('installer_standard', 'Fachhandwerk Standard', 'Installer standard'),
      opt('wholesale', 'Großhandel', 'Wholesale'),
    ],
  },
  { key: 'partner_since', label: { de: 'Partner seit', en: 'Partner since' }, type: 'date', appliesTo: 'company' },
  { key: 'certified_heat_pump_installer', label: { de: 'Zertifizierter Wärmepumpen-Installateur', en: 'Certified heat pump installer' }, type: 'boolean', appliesTo: 'company' },
  { key: 'units_per_year', label: { de: 'Geräte pro Jahr', en: 'Units per year' }, type: 'number', appliesTo: 'company' },
  { key: 'order_email', label: { de: 'Bestell-E-Mail', en: 'Order e-mail' }, type: 'email', appliesTo: 'company' },
  { key: 'service_hotline', label: { de: 'Service-Hotline', en: 'Service hotline' }, type: 'phone', appliesTo: 'company' },
  { key: 'shop_url', label: { de: 'Online-Shop', en: 'Online shop' }, type: 'url', appliesTo: 'company' },
];

export type Country = 'DE' | 'AT' | 'CH' | 'GB' | 'US';

/** A town to live or work in, with real postcodes and its dialling code (national, without the trunk 0). */
export interface Place {
  city: string;
  region: string;
  /** A range to draw from, or the postcodes to choose among. */
  postcodes: { from: number; to: number } | readonly string[];
  area: string;
  /** Digits of a local number after the area code. */
  localDigits: number;
  /** First digits of the block of local numbers kept free for fiction, when the town has one. */
  fictionBlock?: string;
  weight: number;
}

// German local numbers are longer where the area code is shorter.
const germanTown = (city: string, region: string, from: number, to: number, area: string, weight = 1, fictionBlock?: string): Place =>
  ({ city, region, postcodes: { from, to }, area, localDigits: area.length <= 2 ? 8 : area.length === 3 ? 7 : 6, weight, fictionBlock });

export const PLACES: Readonly<Record<Country, readonly Place[]>> = {
  DE: [
    germanTown('Berlin', 'Berlin', 10115, 14199, '30', 10, '23125'),
    germanTown('Hamburg', 'Hamburg', 20095, 22769, '40', 6, '66969'),
    germanTown('München', 'Bayern', 80331, 81929, '89', 6, '99998'),
    germanTown('Köln', 'Nordrhein-Westfalen', 50667, 51149, '221', 5, '4710'),
    germanTown('Frankfurt am Main', 'Hessen', 60306, 60599, '69', 4, '90009'),
    germanTown('Stuttgart', 'Baden-Württemberg', 70173, 70629, '711', 4),
    germanTown('Düsseldorf', 'Nordrhein-Westfalen', 40210, 40629, '211', 3),
    germanTown('Leipzig', 'Sachsen', 4103, 4357, '341', 3),
    germanTown('Dortmund', 'Nordrhein-Westfalen', 44135, 44388, '231', 3),
    germanTown('Essen', 'Nordrhein-Westfalen', 45127, 45359, '201', 3),
    germanTown('Bremen', 'Bremen', 28195, 28779, '421', 3),
    germanTown('Dresden', 'Sachsen', 1067, 1328, '351', 3),
    germanTown('Hannover', 'Niedersachsen', 30159, 30669, '511', 3),
    germanTown('Nürnberg', 'Bayern', 90402, 90491, '911', 3),
    germanTown('Kassel', 'Hessen', 34117, 34134, '561', 3),
    germanTown('Karlsruhe', 'Baden-Württemberg', 76131, 76229, '721', 2),
    germanTown('Mannheim', 'Baden-Württemberg', 68159, 68309, '621', 2),
    germanTown('Bielefeld', 'Nordrhein-Westfalen', 33602, 33739, '521', 2),
    germanTown('Münster', 'Nordrhein-Westfalen', 48143, 48167, '251', 2),
    germanTown('Augsburg', 'Bayern', 86150, 86199, '821', 2),
    germanTown('Freiburg im Breisgau', 'Baden-Württemberg', 79098, 79117, '761', 2),
    germanTown('Regensburg', 'Bayern', 93047, 93059, '941', 1),
    germanTown('Würzburg', 'Bayern', 97070, 97084, '931', 1),
    germanTown('Ulm', 'Baden-Württemberg', 89073, 89081, '731', 1),
    germanTown('Göttingen', 'Niedersachsen', 37073, 37085, '551', 1),
    germanTown('Osnabrück', 'Niedersachsen', 49074, 49090, '541', 1),
    germanTown('Lüneburg', 'Niedersachsen', 21335, 21339, '4131', 1),
    germanTown('Oldenburg', 'Niedersachsen', 26121, 26135, '441', 1),
    germanTown('Heidelberg', 'Baden-Württemberg', 69115, 69126, '6221', 1),
    germanTown('Wiesbaden', 'Hessen', 65183, 65207, '611', 1),
    germanTown('Saarbrücken', 'Saarland', 66111, 66133, '681', 1),
    germanTown('Erfurt', 'Thüringen', 99084, 99099, '361', 1),
    germanTown('Magdeburg', 'Sachsen-Anhalt', 39104, 39130, '391', 1),
    germanTown('Halle (Saale)', 'Sachsen-Anhalt', 6108, 6132, '345', 1),
    germanTown('Rostock', 'Mecklenburg-Vorpommern', 18055, 18147, '381', 1),
    germanTown('Potsdam', 'Brandenburg', 14467, 14482, '331', 1),
    germanTown('Kiel', 'Schleswig-Holstein', 24103, 24159, '431', 1),
    germanTown('Bonn', 'Nordrhein-Westfalen', 53111, 53229, '228', 1),
    germanTown('Chemnitz', 'Sachsen', 9111, 9131, '371', 1),
    germanTown('Rosenheim', 'Bayern', 83022, 83026, '8031', 1),
  ],
  AT: [
    { city: 'Wien', region: 'Wien', postcodes: ['1010', '1030', '1050', '1070', '1090', '1100', '1120', '1140', '1160', '1180', '1190', '1210', '1220'], area: '1', localDigits: 7, weight: 5 },
    { city: 'Graz', region: 'Steiermark', postcodes: ['8010', '8020', '8036', '8042', '8051'], area: '316', localDigits: 6, weight: 2 },
    { city: 'Linz', region: 'Oberösterreich', postcodes: ['4020', '4030', '4040'], area: '732', localDigits: 6, weight: 2 },
    { city: 'Salzburg', region: 'Salzburg', postcodes: ['5020', '5023', '5026'], area: '662', localDigits: 6, weight: 1 },
    { city: 'Innsbruck', region: 'Tirol', postcodes: ['6020', '6060', '6080'], area: '512', localDigits: 6, weight: 1 },
    { city: 'Klagenfurt am Wörthersee', region: 'Kärnten', postcodes: ['9020', '9061', '9073'], area: '463', localDigits: 6, weight: 1 },
  ],
  CH: [
    { city: 'Zürich', region: 'Zürich', postcodes: ['8001', '8004', '8006', '8032', '8046', '8050'], area: '44', localDigits: 7, weight: 4 },
    { city: 'Bern', region: 'Bern', postcodes: ['3005', '3007', '3011', '3014'], area: '31', localDigits: 7, weight: 2 },
    { city: 'Basel', region: 'Basel-Stadt', postcodes: ['4051', '4052', '4056', '4058'], area: '61', localDigits: 7, weight: 2 },
    { city: 'Luzern', region: 'Luzern', postcodes: ['6003', '6004', '6005'], area: '41', localDigits: 7, weight: 1 },
    { city: 'St. Gallen', region: 'St. Gallen', postcodes: ['9000', '9008', '9014'], area: '71', localDigits: 7, weight: 1 },
    { city: 'Winterthur', region: 'Zürich', postcodes: ['8400', '8404', '8408'], area: '52', localDigits: 7, weight: 1 },
  ],
  GB: [
    { city: 'London', region: 'England', postcodes: ['N1', 'NW3', 'SE10', 'SW11', 'E14', 'W4'], area: '20', localDigits: 8, fictionBlock: '79460', weight: 4 },
    { city: 'Manchester', region: 'England', postcodes: ['M1', 'M14', 'M20'], area: '161', localDigits: 7, fictionBlock: '4960', weight: 2 },
    { city: 'Birmingham', region: 'England', postcodes: ['B1', 'B15', 'B30'], area: '121', localDigits: 7, fictionBlock: '4960', weight: 2 },
    { city: 'Leeds', region: 'England', postcodes: ['LS1', 'LS6', 'LS17'], area: '113', localDigits: 7, fictionBlock: '4960', weight: 1 },
    { city: 'Bristol', region: 'England', postcodes: ['BS1', 'BS6', 'BS8'], area: '117', localDigits: 7, fictionBlock: '4960', weight: 1 },
    { city: 'Edinburgh', region: 'Scotland', postcodes: ['EH1', 'EH3', 'EH10'], area: '131', localDigits: 7, fictionBlock: '4960', weight: 1 },
  ],
  // North American numbers 555-0100..0199 are reserved for fiction in every area code.
  US: [
    { city: 'Boston', region: 'MA', postcodes: ['02108', '02116', '02134'], area: '617', localDigits: 7, fictionBlock: '55501', weight: 2 },
    { city: 'Chicago', region: 'IL', postcodes: ['60601', '60614', '60657'], area: '312', localDigits: 7, fictionBlock: '55501', weight: 2 },
    { city: 'Denver', region: 'CO', postcodes: ['80202', '80205', '80218'], area: '303', localDigits: 7, fictionBlock: '55501', weight: 1 },
    { city: 'Seattle', region: 'WA', postcodes: ['98101', '98103', '98115'], area: '206', localDigits: 7, fictionBlock: '55501', weight: 1 },
    { city: 'Minneapolis', region: 'MN', postcodes: ['55401', '55406', '55408'], area: '612', localDigits: 7, fictionBlock: '55501', weight: 1 },
    { city: 'Burlington', region: 'VT', postcodes: ['05401'], area: '802', localDigits: 7, fictionBlock: '55501', weight: 1 },
  ],
};

export const COUNTRY_CALLING_CODES: Readonly<Record<Country, string>> = { DE: '49', AT: '43', CH: '41', GB: '44', US: '1' };

/** Mobile prefixes (national, without the trunk 0) and the digits that follow them. */
export const MOBILE_PREFIXES: Readonly<Record<Exclude<Country, 'US'>, readonly (readonly [string, number])[]>> = {
  DE: [['151', 8], ['152', 8], ['157', 8], ['160', 7], ['162', 7], ['170', 7], ['171', 7], ['172', 7], ['173', 7], ['175', 7], ['176', 8], ['177', 7], ['178', 8], ['179', 7]],
  AT: [['650', 7], ['660', 7], ['664', 7], ['676', 7], ['699', 8]],
  CH: [['76', 7], ['77', 7], ['78', 7], ['79', 7]],
  GB: [['7984', 6], ['7802', 6], ['7456', 6], ['7723', 6]],
};

export const STREETS: Readonly<Record<Country, readonly string[]>> = {
  DE: [
    'Hauptstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Dorfstraße', 'Bergstraße', 'Birkenweg', 'Lindenstraße',
    'Kirchstraße', 'Waldstraße', 'Ringstraße', 'Schillerstraße', 'Goethestraße', 'Mühlenweg', 'Wiesenweg', 'Amselweg',
    'Jahnstraße', 'Buchenweg', 'Feldstraße', 'Rosenstraße', 'Mozartstraße', 'Beethovenstraße', 'Lessingstraße',
    'Eichendorffstraße', 'Friedrich-Ebert-Straße', 'Kastanienallee', 'Am Sportplatz', 'Am Markt', 'Poststraße', 'Talstraße',
    'Blumenstraße', 'Parkstraße', 'Uhlandstraße', 'Brunnenstraße', 'Fliederweg', 'Lerchenstraße', 'Hölderlinstraße',
    'Schloßstraße', 'Bismarckstraße', 'Wilhelmstraße', 'Kaiserstraße', 'Luisenstraße', 'Am Anger', 'Grüner Weg', 'Heideweg',
    'Ahornweg', 'Tannenstraße', 'Sonnenhang', 'Lange Straße', 'Breite Straße', 'Alte Dorfstraße', 'Neue Straße',
    'Görlitzer Straße', 'Münchener Straße', 'Kölner Straße', 'Am Mühlbach', 'Zur Linde', 'Rathausplatz',
  ],
  AT: [
    'Hauptstraße', 'Bahnhofstraße', 'Kirchengasse', 'Schulgasse', 'Mariahilfer Straße', 'Landstraßer Hauptstraße', 'Grazer Straße',
    'Linzer Straße', 'Wiener Straße', 'Feldgasse', 'Lindengasse', 'Dorfplatz', 'Salzburger Straße', 'Mozartgasse', 'Annenstraße',
  ],
  CH: [
    'Bahnhofstrasse', 'Dorfstrasse', 'Hauptstrasse', 'Kirchweg', 'Seestrasse', 'Schulhausstrasse', 'Rosenweg', 'Oberdorfstrasse',
    'Gartenstrasse', 'Zürcherstrasse', 'Bernstrasse', 'Birkenweg', 'Weinbergstrasse', 'Marktgasse',
  ],
  GB: [
    'High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Road', 'Queens Road',
    'Mill Lane', 'The Crescent', 'Kings Road', 'Grove Road', 'Church Street', 'Alexandra Road', 'Springfield Road',
  ],
  US: [
    'Main Street', 'Oak Avenue', 'Maple Drive', 'Elm Street', 'Washington Avenue', 'Park Avenue', 'Lake Road', 'Pine Street',
    'Cedar Lane', 'Highland Avenue', 'Lincoln Road', 'Chestnut Street',
  ],
};

export const COMMERCIAL_STREETS: readonly string[] = [
  'Industriestraße', 'Gewerbestraße', 'Robert-Bosch-Straße', 'Carl-Benz-Straße', 'Siemensstraße', 'Otto-Hahn-Straße',
  'Daimlerstraße', 'Im Gewerbegebiet', 'Max-Planck-Straße', 'Rudolf-Diesel-Straße', 'Handwerkerhof', 'Am Güterbahnhof',
];

/** Frequent German surnames, including those of families who came from Turkey, Poland, Italy and the Balkans. */
export const GERMAN_SURNAMES: readonly string[] = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch',
  'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann',
  'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann',
  'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn',
  'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz', 'Baumann',
  'Franke', 'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Martin', 'Schumacher', 'Krämer', 'Vogt',
  'Stein', 'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich', 'Brandt', 'Haas', 'Schreiber', 'Graf', 'Dietrich',
  'Ziegler', 'Kühn', 'Pohl', 'Engel', 'Horn', 'Busch', 'Bergmann', 'Voigt', 'Sauer', 'Arnold', 'Pfeiffer', 'Yılmaz', 'Kaya',
  'Demir', 'Şahin', 'Öztürk', 'Nowak', 'Kowalski', 'Rossi', 'Esposito', 'Popović', 'Nguyen',
];

export const BRITISH_SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson',
  'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel',
  'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker',
  'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Khan', "O'Brien",
  'MacDonald', 'Campbell',
];

export const AMERICAN_SURNAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez',
  'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris',
  'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Hill', 'Green', 'Adams',
  'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Schneider', 'Mueller', 'Weber', 'Kowalski', 'Olson', 'Larson',
];

/** Free-mail domains of the demo; all under .example, so no address can reach anyone. */
export const MAIL_DOMAINS: Readonly<Record<Country, readonly string[]>> = {
  DE: ['mail.example', 'post.example', 'web.example', 'online.example', 'freemail.example'],
  AT: ['mail.example', 'post.example', 'net-at.example'],
  CH: ['mail.example', 'bluemail.example', 'post.example'],
  GB: ['mail.example', 'inbox.example', 'online.example'],
  US: ['mail.example', 'inbox.example', 'webmail.example'],
};

export type CompanyKind = 'installer' | 'wholesaler' | 'housing' | 'property' | 'planner';

/** How a company name is formed: the name and the words of its domain, from two surnames and a town. */
export type CompanyPattern = (last: string, other: string, city: string) => { name: string; domain: string };

const p = (name: string, domain: string) => ({ name, domain });

export const COMPANY_PATTERNS: Readonly<Record<Country, Partial<Record<CompanyKind, readonly CompanyPattern[]>>>> = {
  DE: {
    installer: [
      (l) => p(`Sanitär- und Heizungsbau ${l} GmbH`, `heizungsbau ${l}`),
      (l) => p(`${l} Haustechnik GmbH`, `${l} haustechnik`),
      (l) => p(`Heizung & Sanitär ${l} e.K.`, `heizung ${l}`),
      (l) => p(`${l} Wärmetechnik GmbH & Co. KG`, `${l} waermetechnik`),
      (l, o) => p(`${l} & ${o} Gebäudetechnik GmbH`, `${l} ${o}`),
      (l) => p(`Bad & Heizung ${l}`, `bad heizung ${l}`),
      (l) => p(`${l} Heizungsbau Meisterbetrieb`, `${l} heizungsbau`),
      (l) => p(`SHK ${l} GmbH`, `shk ${l}`),
    ],
    wholesaler: [
      (l, _, c) => p(`Haustechnik-Großhandel ${c} GmbH`, `htg ${c}`),
      (l) => p(`${l} Sanitär-Heizung-Großhandel KG`, `${l} grosshandel`),
      (l) => p(`Fachgroßhandel ${l} GmbH`, `fachgrosshandel ${l}`),
      (_, __, c) => p(`HSH Heizung Sanitär Handel ${c} GmbH`, `hsh ${c}`),
    ],
    housing: [
      (_, __, c) => p(`Wohnungsbaugenossenschaft ${c} eG`, `wbg ${c}`),
      (_, __, c) => p(`Gemeinnützige Wohnungsbaugesellschaft ${c} mbH`, `gwg ${c}`),
      (_, __, c) => p(`Baugenossenschaft Freie Scholle ${c} eG`, `freie scholle ${c}`),
      (_, __, c) => p(`Wohnungsgenossenschaft Eigenheim ${c} eG`, `eigenheim ${c}`),
    ],
    property: [
      (l) => p(`${l} Hausverwaltung GmbH`, `${l} hausverwaltung`),
      (l, o) => p(`Immobilienverwaltung ${l} & ${o}`, `${l} ${o} immobilien`),
      (l) => p(`${l} Immobilienmanagement GmbH`, `${l} immobilien`),
      (l) => p(`WEG-Verwaltung ${l}`, `weg ${l}`),
    ],
    planner: [
      (l) => p(`Ingenieurbüro ${l}`, `ib ${l}`),
      (l) => p(`Energieberatung ${l}`, `energieberatung ${l}`),
      (l, o) => p(`${l} + ${o} TGA-Planung GmbH`, `${l} ${o} tga`),
    ],
  },
  AT: {
    installer: [
      (l) => p(`${l} Installationen GmbH`, `${l} installationen`),
      (l) => p(`Installateur ${l} GmbH`, `installateur ${l}`),
      (l) => p(`${l} Haustechnik GesmbH`, `${l} haustechnik at`),
    ],
    wholesaler: [(_, __, c) => p(`Haustechnik Handel ${c} GmbH`, `hth ${c}`)],
    housing: [(_, __, c) => p(`Gemeinnützige Wohnbaugesellschaft ${c}`, `gwb ${c}`)],
  },
  CH: {
    installer: [
      (l) => p(`${l} Heizungen AG`, `${l} heizungen`),
      (l) => p(`${l} Haustechnik AG`, `${l} haustechnik ch`),
      (l) => p(`Sanitär ${l} GmbH`, `sanitaer ${l}`),
    ],
    wholesaler: [(_, __, c) => p(`Haustechnik Grosshandel ${c} AG`, `htg ${c} ch`)],
    housing: [(_, __, c) => p(`Wohnbaugenossenschaft ${c}`, `wbg ${c} ch`)],
  },
  GB: {
    installer: [
      (l) => p(`${l} Plumbing & Heating Ltd`, `${l} heating`),
      (l) => p(`${l} Heat Pumps Ltd`, `${l} heatpumps`),
      (l) => p(`${l} & Sons Heating Ltd`, `${l} and sons`),
    ],
    wholesaler: [(_, __, c) => p(`${c} Heating Supplies Ltd`, `${c} heating supplies`)],
  },
  US: {},
};

export const INDUSTRIES: Readonly<Record<CompanyKind, string>> = {
  installer: 'SHK-Handwerk',
  wholesaler: 'Großhandel',
  housing: 'Wohnungswirtschaft',
  property: 'Immobilienverwaltung',
  planner: 'Planung & Energieberatung',
};

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-500', '501+'] as const;

/** Job titles by kind of employer: [male, female] in German, one form in English. */
export const JOB_TITLES: Readonly<Record<CompanyKind, readonly (readonly [string, string])[]>> = {
  installer: [['Inhaber', 'Inhaberin'], ['Geschäftsführer', 'Geschäftsführerin'], ['Meister Heizungsbau', 'Meisterin Heizungsbau'],
    ['Anlagenmechaniker SHK', 'Anlagenmechanikerin SHK'], ['Kundendiensttechniker', 'Kundendiensttechnikerin'], ['Büroleitung', 'Büroleitung']],
  wholesaler: [['Einkaufsleiter', 'Einkaufsleiterin'], ['Verkaufsberater Heizung', 'Verkaufsberaterin Heizung'],
    ['Niederlassungsleiter', 'Niederlassungsleiterin'], ['Produktmanager Wärme', 'Produktmanagerin Wärme']],
  housing: [['Technischer Leiter', 'Technische Leiterin'], ['Vorstand', 'Vorständin'], ['Objektbetreuer', 'Objektbetreuerin'],
    ['Referent Energie', 'Referentin Energie']],
  property: [['Hausverwalter', 'Hausverwalterin'], ['Geschäftsführer', 'Geschäftsführerin'], ['Sachbearbeiter Technik', 'Sachbearbeiterin Technik']],
  planner: [['Energieberater', 'Energieberaterin'], ['Ingenieur TGA', 'Ingenieurin TGA'], ['Projektingenieur', 'Projektingenieurin']],
};

export const ENGLISH_JOB_TITLES: readonly string[] = ['Director', 'Heating Engineer', 'Office Manager', 'Heat Pump Installer', 'Purchasing Manager', 'Branch Manager'];

export const COMPANY_TAGS: readonly string[] = ['Premium-Partner', 'Wärmepumpen-Partner', 'Schulung 2025', 'Messe 2026', 'Key Account', 'Neukunde', 'Rahmenvertrag', 'Referenzobjekt'];

/** Products of Wärmewerk by heating system (the `heating_system` option values), as notes name them. */
export const PRODUCTS: Readonly<Record<string, { de: string; en: string }>> = {
  heat_pump_air: { de: 'Luft-Wasser-Wärmepumpe AeroTherm 8', en: 'AeroTherm 8 air-source heat pump' },
  heat_pump_ground: { de: 'Sole-Wasser-Wärmepumpe GeoTherm 12', en: 'GeoTherm 12 ground-source heat pump' },
  gas_condensing: { de: 'Gas-Brennwerttherme CondensPro 24', en: 'CondensPro 24 gas condensing boiler' },
  pellet: { de: 'Pelletkessel PelletStar 15', en: 'PelletStar 15 pellet boiler' },
  solar_thermal: { de: 'Solarthermie-Paket SolarPlus 6', en: 'SolarPlus 6 solar thermal package' },
  hybrid: { de: 'Hybridsystem AeroTherm Hybrid', en: 'AeroTherm Hybrid system' },
};

export type NoteTopic = 'maintenance' | 'quote' | 'subsidy' | 'complaint' | 'fault' | 'praise' | 'event';

/** Notes as staff write them: {product}, {date}, {offer} and {code} are filled in. */
export const NOTE_TEXTS: Readonly<Record<NoteTopic, { de: readonly string[]; en: readonly string[] }>> = {
  maintenance: {
    de: [
      'Anruf wegen Wartungstermin: {date} vormittags bestätigt, Techniker ist eingeplant.',
      'Jährliche Wartung durchgeführt ({product}). Anlage läuft einwandfrei, Schmutzfänger gereinigt.',
      'Bittet, die Wartung auf nach dem {date} zu verschieben. Neuer Termin folgt per E-Mail.',
    ],
    en: [
      'Call about the maintenance visit: {date} in the morning confirmed, technician scheduled.',
      'Annual service of the {product} done. Running fine, strainer cleaned.',
      'Asked to move the service visit to after {date}. New date to follow by e-mail.',
    ],
  },
  quote: {
    de: [
      'Angebot {offer} inkl. Montage verschickt ({product}). Nachfassen in zwei Wochen.',
      'Vor-Ort-Termin zur Heizlastberechnung vereinbart. Produktinteresse: {product}.',
      'Vergleicht noch Angebote. Preisrahmen besprochen, Rückmeldung bis {date} zugesagt.',
    ],
    en: [
      'Quote {offer} for the {product} incl. installation sent. Follow up in two weeks.',
      'Site visit for a heat load calculation booked, interested in the {product}.',
      'Still comparing quotes. Discussed the budget, will get back to us by {date}.',
    ],
  },
  subsidy: {
    de: [
      'Fragt nach BAFA-/KfW-Förderung für den Heizungstausch. Merkblatt und Link zum Förderrechner geschickt.',
      'Förderantrag ist gestellt, Zusage wird erwartet. Auftrag erst danach.',
      'Unsicher, ob der Klimageschwindigkeits-Bonus greift. An Produktmanagement weitergegeben.',
    ],
    en: [
      'Asked which grants apply to replacing the old boiler. Sent the fact sheet and the eligibility checker.',
      'Grant application submitted, waiting for approval before ordering.',
      'Not sure whether the old boiler qualifies for the grant. Passed to product management.',
    ],
  },
  complaint: {
    de: [
      'Beschwerde: Außeneinheit der Wärmepumpe nachts zu laut, Nachbarn haben sich beschwert. Aufstellort und Nachtabsenkung prüfen.',
      'Beschwerde über lange Wartezeit auf ein Ersatzteil (Umwälzpumpe). An Service eskaliert.',
      'Rechnung der Wartung beanstandet (Anfahrtspauschale). Kulanz mit Teamleitung abgestimmt.',
    ],
    en: [
      'Complaint: the outdoor unit of the heat pump is too loud at night, neighbours complained. Check position and night mode.',
      'Complaint about waiting weeks for a spare part (circulation pump). Escalated to service.',
      'Disputes the call-out charge on the service invoice. Goodwill agreed with the team lead.',
    ],
  },
  fault: {
    de: [
      'Störung {code} gemeldet ({product}), Anlage geht in Störabschaltung. Technikereinsatz gebucht.',
      'Seit gestern kein Warmwasser. Reset telefonisch angeleitet, Problem behoben.',
    ],
    en: [
      'Fault {code} on the {product}, the unit shuts down. Technician booked.',
      'No hot water since yesterday. Talked them through a reset, fixed.',
    ],
  },
  praise: {
    de: [
      'Sehr zufrieden mit der neuen Anlage ({product}), Verbrauch niedriger als erwartet. Darf als Referenz genannt werden.',
      'Hat den Monteur auf Instagram gelobt. Danke-Nachricht geschickt.',
      'Hat uns drei Nachbarn empfohlen. Gutschein für die nächste Wartung angeboten.',
    ],
    en: [
      'Very happy with the {product}, uses less electricity than expected. Happy to be a reference.',
      'Praised our installer on Instagram. Sent a thank-you message.',
      'Recommended us to three neighbours. Offered a voucher for the next service.',
    ],
  },
  event: {
    de: [
      'War auf der Messe am Stand, Interesse an einer Hybridlösung (Gas-Brennwert und Wärmepumpe).',
      'Hat das Webinar „Wärmepumpe im Altbau“ besucht, Fragen zu Vorlauftemperatur und Heizkörpern.',
    ],
    en: [
      'Visited our stand at the trade fair, interested in a hybrid system (gas condensing plus heat pump).',
      'Attended the webinar "Heat pumps in older homes", asked about flow temperatures and radiators.',
    ],
  },
};

export type TaskRole = 'agent' | 'sales' | 'technician' | 'product' | 'marketing';

/** Tasks: [German title, English title, who does them]. */
export const TASK_TEXTS: readonly (readonly [string, string, TaskRole])[] = [
  ['Rückruf: Wartungstermin vereinbaren', 'Call back: book a maintenance visit', 'agent'],
  ['Angebot Wärmepumpe senden', 'Send heat pump quote', 'sales'],
  ['Servicetechniker buchen', 'Book a service technician', 'agent'],
  ['Förderfähigkeit prüfen (BAFA/KfW)', 'Check grant eligibility', 'product'],
  ['Angebot nachfassen', 'Follow up on quote', 'sales'],
  ['Beschwerde klären: Geräusche der Außeneinheit', 'Resolve complaint: outdoor unit noise', 'agent'],
  ['Ersatzteil bestellen: Umwälzpumpe', 'Order spare part: circulation pump', 'technician'],
  ['Heizlastberechnung vorbereiten', 'Prepare heat load calculation', 'technician'],
  ['Referenzfotos anfragen', 'Ask for reference photos', 'marketing'],
  ['Einladung zur Partnerschulung senden', 'Send invitation to partner training', 'sales'],
];
