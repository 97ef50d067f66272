export { extractSentence } from './extractSentence';
export type { SentenceAnswer } from './extractSentence';
export { judgeHits } from './questionCoverage';
export type { JudgedPassage } from './questionCoverage';
