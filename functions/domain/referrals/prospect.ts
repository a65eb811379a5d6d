/**
 * Who a referral is about, reduced to keys that two referrers typing the same company
 * differently still share: "ACME, Inc." and "Acme" are one prospect, and so are
 * jane@acme.com and bob@ACME.com. Free-mail domains say nothing about the company.
 */

const legalSuffixes = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ug',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'asa',
  'aps',
  'pty',
  'pte',
  'kk',
  'sl',
  'sro',
  'zrt',
  'kft',
  'oyj',
  'holding',
  'holdings',
  'group',
]);

/** Free and consumer mail providers: their domain is not the company's. */
export const freeMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'qq.com',
  '163.com',
  'naver.com',
  'orange.fr',
  'free.fr',
  't-online.de',
  'btinternet.com',
  'comcast.net',
]);

/** "The ACME Corp., Inc." → "acme"; "Müller & Söhne GmbH" → "muller and sohne". */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  // Strip "the" in front and legal forms at the end (several: "Acme Holdings Ltd"), but never
  // the whole name: a company called "Group" is still a company.
  if (words.length > 1 && words[0] === 'the') words.shift();
  while (words.length > 1 && legalSuffixes.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

/** "https://www.Acme.com/about" → "acme.com"; undefined for something that is not a domain. */
export function normaliseDomain(input: string): string | undefined {
  let value = input.trim().toLowerCase();
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  value = value.replace(/^[^@/]*@/, '');
  value = value.split(/[/?#]/)[0] ?? '';
  value = value
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .replace(/^www\d?\./, '');
  if (!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value)) return undefined;
  return value;
}

/** The company domain of an e-mail address, unless it is a free-mail provider's. */
export function companyDomainOfEmail(email: string): string | undefined {
  const domain = normaliseDomain(email.slice(email.lastIndexOf('@') + 1));
  return domain && !freeMailDomains.has(domain) ? domain : undefined;
}

/**
 * The keys a prospect is registered under: its normalised name, and its domain where one is
 * known (given, or from a company e-mail address). A new referral conflicts with an open one
 * when any key is shared.
 */
export function prospectKeys(company: { name: string; domain?: string | undefined }, contactEmail: string): string[] {
  const keys = new Set<string>();
  const name = normaliseCompanyName(company.name);
  if (name) keys.add(`name:${name}`);
  const given = company.domain ? normaliseDomain(company.domain) : undefined;
  const domain = given && !freeMailDomains.has(given) ? given : companyDomainOfEmail(contactEmail);
  if (domain) keys.add(`domain:${domain}`);
  return [...keys];
}
