import { searchTokens } from './searchTokens';

describe('searchTokens', () => {
  it('lowercases, splits on Unicode word boundaries, drops stop words and stems', () => {
    expect(searchTokens("The Panthers' defense gave up 308 points")).toEqual(['panther', 'defens', 'gave', 'up', '308', 'point']);
  });

  it('keeps every word when stop words and stemming are off', () => {
    expect(searchTokens('The cats, the DOGS!', { stopWords: false, stem: false })).toEqual(['the', 'cats', 'the', 'dogs']);
  });

  it('splits hyphens, keeps inner apostrophes and drops a possessive s', () => {
    expect(searchTokens("state-of-the-art don't Tesla's", { stopWords: false, stem: false })).toEqual(['state', 'of', 'the', 'art', "don't", 'tesla']);
    expect(searchTokens('Tesla’s', { stem: false })).toEqual(['tesla']);
  });

  it('handles other scripts and NFKC forms', () => {
    expect(searchTokens('Ｔｅｓｌａ Zürich 東京', { stem: false })).toEqual(['tesla', 'zürich', '東京']);
  });

  it('accepts a custom stop list', () => {
    expect(searchTokens('what is the answer', { stopWords: new Set(['what', 'is']), stem: false })).toEqual(['the', 'answer']);
  });
});
