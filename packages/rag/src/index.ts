export type { Embedder, EmbedderInfo, Passage, Retriever, ScoredPassage, SimilarityMetric } from './types';
export { checkPassage, checkUniqueIds } from './passageChecks';

// Ingest: documents to passages.
export { chunkText } from './ingest/chunkText';
export type { TextChunk } from './ingest/chunkText';
export { chunkMarkdown } from './ingest/chunkMarkdown';
export type { MarkdownChunk } from './ingest/chunkMarkdown';
export type { ChunkOptions } from './ingest/chunkWords';
export { markdownSections } from './ingest/markdownSections';
export type { MarkdownHeading, MarkdownSection } from './ingest/markdownSections';
export { tokenCounter } from './ingest/tokenCounter';
export {
  DOCUMENT_EXTENSIONS,
  documentFiles,
  formatOf,
  ingestFile,
  ingestJsonl,
  ingestMarkdown,
  ingestPaths,
  ingestText,
} from './ingest/ingestDocuments';
export type { DocumentFormat, IngestOptions, JsonlIngestOptions } from './ingest/ingestDocuments';
export { loadQaDataset, qaRetrievalQueries } from './ingest/loadQaDataset';
export type { LoadQaDatasetOptions, QaDataset, QaQuestion } from './ingest/loadQaDataset';

// Lexical retrieval.
export { BM25Retriever } from './lexical/BM25Retriever';
export type { BM25Options } from './lexical/BM25Retriever';
export { searchTokens } from './lexical/searchTokens';
export type { SearchTokenOptions } from './lexical/searchTokens';
export { ENGLISH_STOP_WORDS } from './lexical/englishStopWords';
export { porterStem } from './lexical/porterStem';

// Vectors: indexes, the store, dense retrieval.
export type { VectorIndex, VectorIndexFactory, VectorMatch } from './store/VectorIndex';
export { ExactVectorIndex } from './store/ExactVectorIndex';
export type { ExactVectorIndexArgs } from './store/ExactVectorIndex';
export { UsearchVectorIndex, usearchIndexFactory } from './store/UsearchVectorIndex';
export type { UsearchVectorIndexArgs } from './store/UsearchVectorIndex';
export { measureIndexRecall } from './store/measureIndexRecall';
export type { IndexRecall } from './store/measureIndexRecall';
export { TopK } from './store/TopK';
export type { TopKEntry } from './store/TopK';
export { VectorStore } from './store/VectorStore';
export type { OpenVectorStoreOptions, SaveVectorStoreOptions, StoreChange, VectorSearchOptions, VectorStoreArgs } from './store/VectorStore';
export { VectorStoreError } from './store/VectorStoreError';
export type { VectorStoreErrorCode } from './store/VectorStoreError';
export { VECTOR_STORE_FILES, VECTOR_STORE_FORMAT, VECTOR_STORE_FORMAT_VERSION, readStoreManifest } from './store/vectorStoreFiles';
export type { ReadStoreOptions, StoreDataFile, StoreSavePhase, VectorStoreManifest } from './store/vectorStoreFiles';
export { assertSameEmbedder, checkEmbedderInfo, describeEmbedder } from './store/embedderInfoChecks';
export { DenseRetriever } from './store/DenseRetriever';
export type { DenseRetrieverOptions } from './store/DenseRetriever';
export { indexPassages, passageEmbeddingText } from './store/indexPassages';
export type { IndexPassagesOptions } from './store/indexPassages';

// Fusion.
export { reciprocalRankFusion } from './fusion/reciprocalRankFusion';
export type { RankFusionOptions } from './fusion/reciprocalRankFusion';
export { HybridRetriever } from './fusion/HybridRetriever';
export type { HybridMember, HybridRetrieverOptions } from './fusion/HybridRetriever';

// Evaluation.
export { recallAtK, reciprocalRank, retrievalMetrics } from './evaluation/retrievalMetrics';
export type { RetrievalJudgement, RetrievalMetrics } from './evaluation/retrievalMetrics';
export { evaluateRetriever } from './evaluation/evaluateRetriever';
export type { EvaluateRetrieverOptions, QueryOutcome, RetrievalEvaluation, RetrievalQuery } from './evaluation/evaluateRetriever';
export { exactMatch, normalizeAnswer, scoreAnswers, tokenF1 } from './evaluation/answerMetrics';
export type { AnswerScores } from './evaluation/answerMetrics';

// Models: embedders and the answer generator.
export * from './embedders';
export * from './generation';

// Answers without a trained generator: relevance by question coverage, the best sentence.
export * from './answering';
