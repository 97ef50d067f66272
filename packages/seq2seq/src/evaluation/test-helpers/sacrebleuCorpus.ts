// A small mixed corpus (punctuation, numbers, an escaped entity, 1 or 2 references
// per sentence) scored with sacrebleu 2.6.0's defaults, for an end-to-end check.
export const SACREBLEU_CORPUS = {
  hypotheses: ['The cat, it seems, sat on the mat.', 'In 1990-2000, prices rose by 3.5%.', 'He didn\'t say "hello" &amp; left.', 'Ein kleiner Test.'],
  references: [
    ['The cat sat on the mat.', 'It seems the cat sat on the mat.'],
    ['Between 1990-2000, prices rose 3.5%.'],
    ['He did not say "hello" and left.', 'He left without saying "hello".'],
    ['Ein kleiner Test!'],
  ],
};
