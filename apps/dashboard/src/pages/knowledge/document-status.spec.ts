import { isIndexing, isRetrying, progressValue, scoreVerdict, thresholdOf } from './document-status';

describe('document status for the Knowledge pages', () => {
  it('polls while a document is queued or processing, not when it is ready or failed', () => {
    expect(['queued', 'processing', 'ready', 'failed'].map((status) => isIndexing({ status }))).toEqual([true, true, false, false]);
  });

  it('tells a queued document waiting for a retry from one that has not started', () => {
    expect(isRetrying({ status: 'queued', progress: 0, error: 'Embedding server unreachable (retrying)' })).toBe(true);
    expect(isRetrying({ status: 'queued', progress: 0, error: null })).toBe(false);
    expect(isRetrying({ status: 'failed', progress: 0, error: 'HTTP 404' })).toBe(false);
  });

  it('draws a sliver for a document that has not started, the real progress once it has, and full when ready', () => {
    expect(progressValue({ status: 'queued', progress: 0 })).toBe(2);
    expect(progressValue({ status: 'processing', progress: 0 })).toBe(5);
    expect(progressValue({ status: 'processing', progress: 62.4 })).toBe(62);
    expect(progressValue({ status: 'processing', progress: 140 })).toBe(100);
    expect(progressValue({ status: 'ready', progress: 0 })).toBe(100);
  });

  it('judges a score against the threshold; a chunk found by words alone has no score', () => {
    expect(scoreVerdict(0.41, 0.35)).toBe('above');
    expect(scoreVerdict(0.35, 0.35)).toBe('above');
    expect(scoreVerdict(0.2, 0.35)).toBe('below');
    expect(scoreVerdict(null, 0.35)).toBe('lexical');
    expect(scoreVerdict(0.2, null)).toBe('above');
  });

  it('reads the threshold from the per-model map of the search result', () => {
    expect(thresholdOf({ 'text-embedding-3-small': 0.3 })).toBe(0.3);
    expect(thresholdOf({ a: 0.35, b: 0.3 })).toBe(0.3);
    expect(thresholdOf({})).toBeNull();
    expect(thresholdOf(null)).toBeNull();
  });
});
