import { isQuestionWorthListing, matchGap, normalizeQuestion, wordOverlap } from './gap-grouping';

describe('grouping unanswered questions', () => {
  const gap = (id: string, question: string, embedding: number[] | null = null) => ({ id, normalized: normalizeQuestion(question), embedding, embeddingModel: embedding ? 'm' : null });

  it('normalises case and punctuation', () => {
    expect(normalizeQuestion('Do you sell GIFT cards??')).toBe('do you sell gift cards');
    expect(normalizeQuestion('Gibt es Gutscheine für Kinderräder?')).toBe('gibt es gutscheine für kinderräder');
  });

  it('matches the same words, mostly the same words, or a close paraphrase under the same model', () => {
    const gaps = [gap('a', 'Do you sell gift cards?'), gap('b', 'Is there parking near the shop?', [1, 0, 0])];
    expect(matchGap({ normalized: normalizeQuestion('do you sell gift cards'), embedding: null, model: null }, gaps)).toBe('a');
    expect(matchGap({ normalized: normalizeQuestion('do you sell gift cards online'), embedding: null, model: null }, gaps)).toBe('a');
    expect(matchGap({ normalized: normalizeQuestion('where can I leave my car'), embedding: [0.95, 0.1, 0], model: 'm' }, gaps)).toBe('b');
    expect(matchGap({ normalized: normalizeQuestion('where can I leave my car'), embedding: [0.95, 0.1, 0], model: 'other' }, gaps)).toBeNull();
    expect(matchGap({ normalized: normalizeQuestion('Do you repair e-bikes?'), embedding: [0, 1, 0], model: 'm' }, gaps)).toBeNull();
  });

  it('measures word overlap as Jaccard', () => {
    expect(wordOverlap('a b c', 'a b c')).toBe(1);
    expect(wordOverlap('a b', 'c d')).toBe(0);
    expect(wordOverlap('a b c d', 'a b c')).toBeCloseTo(0.75);
  });

  it('leaves small talk out of the list', () => {
    expect(isQuestionWorthListing(normalizeQuestion('Hi!'))).toBe(false);
    expect(isQuestionWorthListing(normalizeQuestion('Thank you, great'))).toBe(false);
    expect(isQuestionWorthListing(normalizeQuestion('Vielen Dank!'))).toBe(false);
    expect(isQuestionWorthListing(normalizeQuestion('opening hours'))).toBe(true);
    expect(isQuestionWorthListing(normalizeQuestion('Hi, do you sell gift cards?'))).toBe(true);
  });
});
