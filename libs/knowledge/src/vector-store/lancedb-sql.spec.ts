import { assertUuid, equalsUuid, inUuids, sqlString, uuidLiteral } from './lancedb-sql';
import { VectorStoreError } from './vector-store-error';

const ID = '5c56c793-69f3-4fbf-87e6-c4bf54c28c26';

describe('LanceDB filter literals', () => {
  it('quotes a UUID and doubles quotes in plain strings', () => {
    expect(uuidLiteral(ID, 'tenantId')).toBe(`'${ID}'`);
    expect(sqlString("O'Brien")).toBe("'O''Brien'");
    expect(sqlString("x' OR '1'='1")).toBe("'x'' OR ''1''=''1'");
  });

  it.each([
    "x' OR '1'='1",
    `${ID}' OR '1'='1`,
    `${ID}'--`,
    `${ID} `,
    `${ID}\n`,
    ID.replace(/-/g, ''),
    `{${ID}}`,
    '',
    "'; DROP TABLE chunks; --",
  ])('refuses %j as an id with a non-retryable VectorStoreError', (value) => {
    expect(() => equalsUuid('tenant_id', value, 'tenantId')).toThrow(VectorStoreError);
    expect(() => assertUuid(value, 'tenantId')).toThrow(/^tenantId must be a UUID/);
    try {
      inUuids('knowledge_base_id', [ID, value], 'knowledgeBaseId');
    } catch (err: unknown) {
      expect((err as VectorStoreError).retryable).toBe(false);
      return;
    }
    throw new Error('expected a refusal');
  });

  it('builds the predicates the store sends', () => {
    expect(equalsUuid('tenant_id', ID, 'tenantId')).toBe(`tenant_id = '${ID}'`);
    expect(inUuids('knowledge_base_id', [ID, ID.toUpperCase()], 'knowledgeBaseId')).toBe(
      `knowledge_base_id IN ('${ID}', '${ID.toUpperCase()}')`,
    );
  });
});
