import { hashPassword, verifyAgainstDummy, verifyPassword } from './password-hash';

describe('password hashes', () => {
  it('are salted scrypt with their parameters, and verify only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verify with the parameters stored in the hash, and never match a malformed one', async () => {
    const cheap = await hashPassword('pw-1234567', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('pw-1234567', cheap)).toBe(true);
    for (const bad of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$abc$def', 'scrypt$1024$8$1$$']) expect(await verifyPassword('pw', bad)).toBe(false);
  });

  it('spend the same work on a dummy hash for unknown accounts', async () => {
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });
});
