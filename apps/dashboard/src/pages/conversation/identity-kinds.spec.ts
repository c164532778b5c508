import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import { identityKindKey } from './identity-kinds';

const lookup = (dict: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], dict);

describe('identity kinds in words', () => {
  it.each([
    ['wa_id', 'WhatsApp number', 'WhatsApp-Nummer'],
    ['bsuid', 'WhatsApp user id', 'WhatsApp-Nutzer-ID'],
    ['widget_user', 'Web widget user', 'Web-Widget-Nutzer'],
    ['visitor', 'Visitor', 'Besucher'],
    ['external:0b8c0000-0000-4000-8000-000000000001', 'API id', 'API-ID'],
    ['test', 'Test chat', 'Test-Chat'],
    ['instagram_psid', 'Other identity', 'Andere Kennung'],
  ])('%s is "%s" / "%s", never the raw kind', (kind, english, german) => {
    const key = identityKindKey(kind);
    expect(lookup(en, key)).toBe(english);
    expect(lookup(de, key)).toBe(german);
  });

  it('has every customer.* string in both languages', () => {
    const keys = (node: object, prefix = ''): string[] => Object.entries(node).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(de.customer).sort()).toEqual(keys(en.customer).sort());
  });
});
