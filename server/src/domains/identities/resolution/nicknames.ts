/**
 * Given names that stand for one another: English and German nicknames and short forms (Bill/William,
 * Hans/Johannes, Sepp/Josef) and the English and German forms of one name (Henry/Heinrich). Our own small list:
 * a name in several groups (Alex: Alexander, Alexandra) belongs to each.
 */
import { collapseUmlautDigraphs } from '../../../lib/text.ts';

// Written transliterated (ü → ue, ß → ss), lowercase; each line one group, the formal name first.
const GROUPS: readonly (readonly string[])[] = [
  ['william', 'bill', 'billy', 'will', 'willy', 'willie', 'liam', 'wilhelm', 'willi', 'wim'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'robby', 'bert', 'bertie'],
  ['richard', 'dick', 'rick', 'ricky', 'rich', 'richie', 'rico'],
  ['james', 'jim', 'jimmy', 'jamie', 'jem'],
  ['john', 'jack', 'johnny', 'jon', 'jonny'],
  ['johannes', 'hans', 'hannes', 'johann', 'jo', 'jan', 'hansi', 'john'],
  ['johanna', 'hanna', 'hannah', 'hanne', 'jo', 'joanna', 'joanne'],
  ['josef', 'joseph', 'sepp', 'seppl', 'joe', 'joey', 'jo', 'beppo'],
  ['josephine', 'josefine', 'josie', 'jo', 'fini', 'fine'],
  ['margaret', 'margarete', 'margareta', 'maggie', 'meg', 'peggy', 'greta', 'grete', 'gretel', 'margit', 'margot', 'marge', 'madge'],
  ['elizabeth', 'elisabeth', 'liz', 'lizzy', 'beth', 'betty', 'bettina', 'lisa', 'liesel', 'lisbeth', 'liese', 'elsa', 'else', 'ilse', 'eliza', 'libby', 'sissi', 'sisi'],
  ['catherine', 'katharina', 'katherine', 'kathrin', 'katrin', 'kate', 'katie', 'kathy', 'kat', 'kathi', 'katja', 'kaethe', 'trina', 'cathy', 'kitty', 'karin'],
  ['alexander', 'alex', 'sascha', 'sasha', 'xander', 'sandro', 'alec', 'xandi'],
  ['alexandra', 'alex', 'sandra', 'sascha', 'sasha', 'lexi', 'alexa'],
  ['christopher', 'christoph', 'chris', 'topher', 'kit', 'toffer'],
  ['christian', 'chris', 'christl', 'krischan'],
  ['christine', 'christina', 'chris', 'tina', 'christa', 'christel', 'kristin', 'kirsten', 'stine'],
  ['michael', 'mike', 'mick', 'mickey', 'micha', 'michi', 'mikey', 'michel'],
  ['matthew', 'matthias', 'mathias', 'matt', 'matze', 'mathis', 'matthes', 'hias', 'hiasl', 'matty'],
  ['thomas', 'tom', 'tommy', 'thom', 'tomi', 'thommy'],
  ['anthony', 'anton', 'antonius', 'tony', 'toni', 'ant'],
  ['antonia', 'toni', 'tonia', 'antonie'],
  ['andrew', 'andreas', 'andy', 'andi', 'drew', 'andre', 'anderl'],
  ['stephen', 'steven', 'stefan', 'stephan', 'steve', 'stevie', 'steffen', 'steff'],
  ['stephanie', 'stefanie', 'steffi', 'steph', 'stevie'],
  ['daniel', 'dan', 'danny', 'dani'],
  ['daniela', 'daniele', 'dani', 'ella', 'danielle'],
  ['david', 'dave', 'davy', 'davey'],
  ['edward', 'eduard', 'ed', 'eddie', 'eddy', 'ted', 'teddy', 'ned', 'edi'],
  ['francis', 'franz', 'frank', 'frankie', 'fran', 'franzl', 'francesco'],
  ['franziska', 'frances', 'franzi', 'fran', 'frannie', 'fanny', 'ziska'],
  ['frederick', 'friedrich', 'fritz', 'fred', 'freddy', 'freddie', 'friedel', 'fritzi', 'frieder', 'rick'],
  ['henry', 'heinrich', 'heinz', 'hein', 'heiner', 'heini', 'henri', 'harry', 'hank', 'hal', 'hinz', 'henrik'],
  ['wolfgang', 'wolf', 'wolfi', 'wolle'],
  ['gerhard', 'gerd', 'gert', 'gerald', 'gerry', 'hardy'],
  ['bernhard', 'bernard', 'bernd', 'bernie', 'berni', 'bernardo'],
  ['benjamin', 'ben', 'benny', 'benji', 'benni'],
  ['nicholas', 'nikolaus', 'niklas', 'nicolas', 'nick', 'nicky', 'nico', 'niko', 'klaus', 'claus', 'niki'],
  ['peter', 'pete', 'petey', 'piet', 'pit'],
  ['patrick', 'pat', 'paddy', 'patty'],
  ['patricia', 'pat', 'patty', 'patti', 'trish', 'tricia', 'trixi'],
  ['susanne', 'susan', 'susanna', 'sue', 'susi', 'suse', 'susie', 'suzy', 'sanne'],
  ['barbara', 'babs', 'barbie', 'baerbel', 'babette', 'babsi'],
  ['dorothea', 'dorothy', 'dot', 'dotty', 'dolly', 'dora', 'doro', 'thea'],
  ['jennifer', 'jen', 'jenny', 'jenni', 'jenna'],
  ['jessica', 'jess', 'jessie', 'jessy'],
  ['rebecca', 'rebekka', 'becky', 'becca', 'beckie'],
  ['samuel', 'sam', 'sammy', 'sami'],
  ['samantha', 'sam', 'sammy', 'sammie'],
  ['timothy', 'timotheus', 'tim', 'timmy', 'timo'],
  ['theodor', 'theodore', 'theo', 'ted', 'teddy'],
  ['victoria', 'viktoria', 'vicky', 'vicki', 'tori', 'viki'],
  ['joshua', 'josh'],
  ['nathaniel', 'nathan', 'nate', 'nat'],
  ['gabriel', 'gabe', 'gabi', 'gabby'],
  ['gabriele', 'gabriela', 'gabrielle', 'gabi', 'gaby', 'ella'],
  ['ulrich', 'uli', 'ulli', 'ulrik', 'utz'],
  ['ulrike', 'uli', 'ulli', 'rike', 'ulla'],
  ['ursula', 'uschi', 'ulla', 'ursel', 'ursi'],
  ['magdalena', 'magdalene', 'lena', 'leni', 'magda', 'madlen', 'maddie'],
  ['helene', 'helena', 'helen', 'lena', 'leni', 'ella', 'nelly'],
  ['maximilian', 'max', 'maxi', 'maximus'],
  ['sebastian', 'basti', 'seb', 'bastian', 'wastl'],
  ['tobias', 'tobi', 'toby'],
  ['florian', 'flo', 'florin'],
  ['julian', 'jules', 'juli'],
  ['julia', 'jule', 'juli', 'julie', 'julchen'],
  ['george', 'georg', 'joerg', 'juergen', 'schorsch', 'georgie', 'jorge'],
  ['ludwig', 'louis', 'lutz', 'luigi', 'lewis', 'lou'],
  ['rudolf', 'rudolph', 'rudi', 'rudy', 'rolf', 'dolf'],
  ['walter', 'walther', 'walt', 'wally', 'walti'],
  ['albert', 'al', 'bert', 'berti', 'albrecht'],
  ['alfred', 'al', 'fred', 'freddy', 'alfie', 'fredi'],
  ['ronald', 'ron', 'ronny', 'ronnie'],
  ['donald', 'don', 'donny', 'donnie'],
  ['douglas', 'doug', 'dougie'],
  ['gregory', 'gregor', 'greg', 'gregg'],
  ['jeffrey', 'geoffrey', 'jeff', 'geoff'],
  ['kenneth', 'ken', 'kenny'],
  ['lawrence', 'laurence', 'lorenz', 'larry', 'laurie', 'lenz'],
  ['leonard', 'leonhard', 'leo', 'len', 'lenny', 'lenz', 'leon'],
  ['raymond', 'ray', 'raimund'],
  ['stanley', 'stan'],
  ['terence', 'terry'],
  ['eugene', 'eugen', 'gene'],
  ['charles', 'karl', 'carl', 'charlie', 'chuck', 'chas', 'karli', 'kalle', 'carlos'],
  ['caroline', 'carolina', 'karoline', 'carrie', 'caro', 'lina', 'carol', 'karo'],
  ['deborah', 'debora', 'debbie', 'deb', 'debby'],
  ['kimberly', 'kim', 'kimmy'],
  ['pamela', 'pam', 'pammy'],
  ['abigail', 'abby', 'abbie', 'gail'],
  ['amanda', 'mandy', 'manda'],
  ['cynthia', 'cindy', 'cinzia'],
  ['judith', 'judy', 'jutta', 'jude'],
  ['eleanor', 'eleonore', 'ellie', 'nell', 'nelly', 'lore', 'nora', 'elli'],
  ['gertrud', 'gertrude', 'gerti', 'trude', 'trudi', 'gertie'],
  ['hildegard', 'hilde', 'hildi', 'hilda'],
  ['waltraud', 'waltraut', 'traudl', 'traudel', 'wally'],
  ['wilhelmine', 'wilhelmina', 'mina', 'minna', 'wilma', 'helmi'],
  ['anna', 'anne', 'anni', 'annie', 'ann', 'nancy', 'anja', 'annette', 'nannette', 'hanna', 'hannah'],
  ['martin', 'marty', 'martl', 'tino'],
  ['maria', 'marie', 'mary', 'mia', 'mizzi', 'mimi', 'molly', 'polly', 'ria', 'maja', 'mariechen'],
  ['konstantin', 'constantin', 'kosta', 'konni', 'tino', 'stan'],
  ['konrad', 'conrad', 'konni', 'conny', 'kurt', 'kuno'],
  ['cornelia', 'conny', 'connie', 'nele', 'cora'],
  ['emily', 'emilia', 'emilie', 'emmi', 'emmy', 'milly', 'em'],
  ['emma', 'emmi', 'emmy', 'em'],
  ['benedikt', 'benedict', 'ben', 'bene', 'benno'],
  ['dominik', 'dominic', 'dom', 'domi', 'nick'],
  ['oliver', 'olly', 'ollie', 'oli'],
  ['philipp', 'philip', 'phillip', 'phil', 'pip', 'flip', 'fips'],
  ['jonathan', 'jon', 'jonny', 'nathan', 'jo'],
  ['joachim', 'achim', 'jochen', 'jo'],
  ['manfred', 'manni', 'manny', 'fred'],
  ['siegfried', 'siggi', 'sigi', 'fried'],
  ['reinhard', 'reinhold', 'reiner', 'rainer', 'reini'],
  ['dietrich', 'dieter', 'didi', 'dirk', 'derek'],
  ['hubert', 'hubertus', 'hubsi', 'bert', 'hugo'],
  ['isabella', 'isabel', 'isabelle', 'bella', 'izzy', 'isa', 'elisabeth'],
  ['valentin', 'valentine', 'val', 'valli'],
  ['zacharias', 'zachary', 'zach', 'zack', 'sacha'],
  ['adam', 'ade'],
  ['ferdinand', 'ferdl', 'ferdi', 'fernando', 'ferdy'],
  ['leopold', 'poldi', 'leo', 'poldl'],
  ['augustin', 'august', 'augustus', 'gus', 'gustl'],
  ['gustav', 'gustaf', 'gus', 'gustl'],
  ['vincent', 'vinzenz', 'vince', 'vinny', 'enzo'],
  ['monika', 'monica', 'moni', 'mona'],
  ['angelika', 'angela', 'angie', 'geli', 'angelique'],
  ['friederike', 'frederike', 'frieda', 'rike', 'riki', 'fritzi'],
  ['sophie', 'sophia', 'sofia', 'sofie', 'soph', 'fiete'],
  ['charlotte', 'lotte', 'lotti', 'charlie', 'lottie', 'carla'],
  ['theresa', 'therese', 'teresa', 'resi', 'terry', 'tessa', 'tess', 'thesi'],
];

const GROUPS_BY_NAME = new Map<string, number[]>();
for (const [index, group] of GROUPS.entries()) {
  for (const name of group) {
    // Umlaut-free spellings ("jurgen" for Jürgen) find the group too.
    for (const spelling of new Set([name, collapseUmlautDigraphs(name)])) {
      const groups = GROUPS_BY_NAME.get(spelling) ?? [];
      if (!groups.includes(index)) groups.push(index);
      GROUPS_BY_NAME.set(spelling, groups);
    }
  }
}

const NONE: readonly number[] = [];

/**
 * The nickname groups a given name belongs to, by its transliterated lowercase form ("juergen", "bill"); empty
 * when the name is in no group.
 */
export function nicknameGroups(name: string): readonly number[] {
  return GROUPS_BY_NAME.get(name) ?? NONE;
}

/** True when two given names (transliterated, lowercase) are in a common nickname group: Bill/William, Sepp/Josef. */
export function areNicknames(a: string, b: string): boolean {
  return sharesGroup(nicknameGroups(a), nicknameGroups(b));
}

/** True when two group lists have a group in common. */
export function sharesGroup(a: readonly number[], b: readonly number[]): boolean {
  for (const g of a) if (b.includes(g)) return true;
  return false;
}

/** The other names of a given name's groups ("bill" → "william", "billy", …): for test data and suggestions. */
export function nicknameAlternatives(name: string): string[] {
  const out = new Set<string>();
  for (const g of nicknameGroups(name)) for (const other of GROUPS[g]!) if (other !== name) out.add(other);
  return [...out];
}

/** The formal name of each group (its first entry): "william", "johannes", "josef", … */
export function formalNames(): string[] {
  return GROUPS.map((g) => g[0]!);
}
