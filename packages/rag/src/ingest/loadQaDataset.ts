import * as fs from 'fs';
import * as path from 'path';
import { DataError, readJsonLines } from '@tfzoo/data';
import type { Passage } from '../types';
import { ingestJsonl } from './ingestDocuments';

/** One question of a QA dataset. */
export interface QaQuestion {
  id: string;
  question: string;
  /** Every accepted answer; score EM and F1 as the maximum over them. */
  answers: string[];
  /** The passage the question was written for (the relevant id for retrieval metrics). */
  passageId: string;
}

/** A retrieval/QA evaluation set: passages to search and questions with answers. */
export interface QaDataset {
  passages: Passage[];
  questions: QaQuestion[];
}

/** Options of {@link loadQaDataset}. */
export interface LoadQaDatasetOptions {
  /** Add `distractor_passages.jsonl` (same-article paragraphs no question points to) to the pool. Default false. */
  distractors?: boolean;
}

/**
 * Loads the SQuAD-derived folder layout (`passages.jsonl`, `questions.jsonl`,
 * optional `distractor_passages.jsonl`; see the folder's SOURCES.md) as passages
 * that keep the dataset's ids (`Super_Bowl_50#11`) and titles, plus questions.
 * Checks that every question's `passage_id` is a loaded passage and that ids are unique.
 *
 * @example
 * const { passages, questions } = loadQaDataset('/work/shared/data/qa', { distractors: true });
 */
export function loadQaDataset(dir: string, options: LoadQaDatasetOptions = {}): QaDataset {
  const passages = ingestJsonl(path.join(dir, 'passages.jsonl'));
  if (options.distractors) {
    const file = path.join(dir, 'distractor_passages.jsonl');
    if (!fs.existsSync(file)) throw new DataError('no distractor file here; load without distractors', { file });
    const ids = new Set(passages.map((p) => p.id));
    for (const p of ingestJsonl(file)) {
      if (ids.has(p.id)) throw new DataError(`passage id ${JSON.stringify(p.id)} is also in passages.jsonl`, { file });
      passages.push(p);
    }
  }
  const ids = new Set(passages.map((p) => p.id));
  const file = path.join(dir, 'questions.jsonl');
  const seen = new Set<string>();
  const questions = readJsonLines(file).map((record, i): QaQuestion => {
    const where = { file };
    const at = `record ${i + 1}: `;
    const { id, question, answers, passage_id: passageId } = record;
    if (typeof id !== 'string') throw new DataError(`${at}expected "id" to be a string, got ${JSON.stringify(id)}`, where);
    if (seen.has(id)) throw new DataError(`${at}duplicate question id ${JSON.stringify(id)}`, where);
    seen.add(id);
    if (typeof question !== 'string') throw new DataError(`${at}expected "question" to be a string, got ${JSON.stringify(question)}`, where);
    if (!Array.isArray(answers) || answers.length === 0 || !answers.every((a) => typeof a === 'string')) {
      throw new DataError(`${at}expected "answers" to be a non-empty list of strings, got ${JSON.stringify(answers)}`, where);
    }
    if (typeof passageId !== 'string' || !ids.has(passageId)) {
      throw new DataError(`${at}"passage_id" ${JSON.stringify(passageId)} is not among the loaded passages`, where);
    }
    return { id, question, answers: answers as string[], passageId };
  });
  return { passages, questions };
}

/** The questions as retrieval queries whose one relevant passage is the question's `passageId`. */
export function qaRetrievalQueries(questions: readonly QaQuestion[]): Array<{ id: string; query: string; relevant: string[] }> {
  return questions.map((q) => ({ id: q.id, query: q.question, relevant: [q.passageId] }));
}
