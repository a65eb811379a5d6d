import { describe, expect, it } from 'vitest';
import {
  companyDomainOfEmail,
  normaliseCompanyName,
  normaliseDomain,
  prospectKeys,
} from '#domain/referrals/prospect.ts';

describe('normaliseCompanyName', () => {
  it.each([
    ['ACME, Inc.', 'acme'],
    ['Acme Inc', 'acme'],
    ['acme', 'acme'],
    ['The Acme Corporation', 'acme'],
    ['Acme Holdings Ltd.', 'acme'],
    ['Müller & Söhne GmbH', 'muller and sohne'],
    ['  Globex   S.A. ', 'globex s a'],
    ['Initech LLC', 'initech'],
    ['Group', 'group'],
    ['The', 'the'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseCompanyName(input)).toBe(expected);
  });

  it('keeps different companies apart', () => {
    expect(normaliseCompanyName('Acme Logistics')).not.toBe(normaliseCompanyName('Acme Foods'));
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['https://www.Acme.com/about?x=1', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['WWW.acme.co.uk', 'acme.co.uk'],
    ['sales@acme.io', 'acme.io'],
    ['acme.com:8080', 'acme.com'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });

  it.each(['', 'localhost', 'not a domain', 'acme', '-acme.com', 'acme..com'])('refuses %j', (input) => {
    expect(normaliseDomain(input)).toBeUndefined();
  });
});

describe('companyDomainOfEmail', () => {
  it('takes the company domain of a work address', () => {
    expect(companyDomainOfEmail('Jane@Sales.ACME.com')).toBe('sales.acme.com');
  });

  it.each(['jane@gmail.com', 'jane@outlook.com', 'jane@yahoo.co.uk', 'jane@proton.me'])(
    'ignores free mail: %s',
    (email) => {
      expect(companyDomainOfEmail(email)).toBeUndefined();
    },
  );
});

describe('prospectKeys', () => {
  it('keys a prospect by name and domain, however each was typed', () => {
    const a = prospectKeys({ name: 'Globex Corporation', domain: 'www.globex.example' }, 'hank@globex.example');
    const b = prospectKeys({ name: 'GLOBEX, Inc.' }, 'someone@GLOBEX.example');
    expect(a).toEqual(['name:globex', 'domain:globex.example']);
    expect(b).toEqual(a);
  });

  it('has no domain key for a free-mail contact without a company domain', () => {
    expect(prospectKeys({ name: 'Tiny Shop' }, 'owner@gmail.com')).toEqual(['name:tiny shop']);
  });

  it('ignores a free-mail domain given as the company domain', () => {
    expect(prospectKeys({ name: 'Tiny Shop', domain: 'gmail.com' }, 'owner@tinyshop.example')).toEqual([
      'name:tiny shop',
      'domain:tinyshop.example',
    ]);
  });
});
