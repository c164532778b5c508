import { citedMarkers, knowledgeBlock, toCitations } from './knowledge-context';
import { lexicalQuery } from './lexical-query';
import { uuidArray } from './pg-array';
import { reciprocalRankFusion } from './rank-fusion';
import type { RetrievedChunk } from './retrieved-chunk';

const chunk = (id: string, text: string, score: number | null = 0.5): RetrievedChunk => ({
  chunkId: id, documentId: 'd', knowledgeBaseId: 'k', documentTitle: 'Returns', url: null, headingPath: ['Costs'], text, score, lexicalRank: null, position: { pageFrom: 2 },
});

describe('retrieval helpers', () => {
  it('fuses rankings by reciprocal rank: an item high in both lists wins', () => {
    const fused = reciprocalRankFusion([['a', 'b', 'c'], ['b', 'd']]);
    expect(fused.map((f) => f.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0].score).toBeCloseTo(1 / 62 + 1 / 61);
  });

  it('builds an OR prefix full-text query from meaningful words only, and nothing injectable', () => {
    expect(lexicalQuery('Where is my order A-1001?')).toBe('order:* | 1001:*');
    expect(lexicalQuery("Wie hoch sind die Versandkosten nach Österreich?")).toBe('hoch:* | versandkosten:* | nach:* | österreich:*');
    expect(lexicalQuery("')) | !refund & shipping:* <-> z")).toBe('refund:* | shipping:*');
    expect(lexicalQuery('the and of?')).toBeNull();
  });

  it('numbers excerpts for the prompt and finds the markers a reply quotes', () => {
    const block = knowledgeBlock([chunk('1', 'Return shipping is free.'), chunk('2', 'Refunds take 5 days.')]);
    expect(block).toContain('[1] Returns > Costs\nReturn shipping is free.');
    expect(block).toContain('[2] Returns > Costs');
    expect(knowledgeBlock([])).toContain('nothing in the knowledge base matches');
    expect([...citedMarkers('Free [1], refunds in 5 days [2, 3]. See [10].')]).toEqual([1, 2, 3, 10]);
    expect(citedMarkers('No citations here.').size).toBe(0);
  });

  it('turns chunks into citations with rounded scores, short excerpts and pages', () => {
    const [c] = toCitations([chunk('1', 'x'.repeat(400), 0.123456)]);
    expect(c).toMatchObject({ marker: 1, chunkId: '1', score: 0.1235, page: 2 });
    expect(c.excerpt.length).toBe(280);
  });

  it('passes only UUIDs into array literals', () => {
    expect(uuidArray(['0b9e1f0e-6f3a-4d1b-9c55-2a1f2b3c4d5e'])).toBe('{0b9e1f0e-6f3a-4d1b-9c55-2a1f2b3c4d5e}');
    expect(() => uuidArray(['x}, {y'])).toThrow('Not a UUID');
  });
});
