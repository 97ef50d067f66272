import type { Argv, CommandModule } from 'yargs';
import { initBackend } from '@tfzoo/core';
import { documentFiles, indexPassages, ingestPaths, VectorStore } from '@tfzoo/rag';
import type { GlobalOptions } from '../globalOptions';
import { explainStoreError, resolveEmbedder } from './ragStore';

interface RagIndexOptions extends GlobalOptions {
  paths: string[];
  store: string;
  embedder?: string;
  dimension: number;
  'max-tokens': number;
  overlap: number;
}

/** `tfzoo rag index`: ingest documents, embed them and write (or update) a store. */
export const ragIndexCommand: CommandModule<GlobalOptions, RagIndexOptions> = {
  command: 'index <paths..>',
  describe: 'Add text, Markdown or JSONL documents to a store (a changed file replaces its passages)',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 rag index <folder|file>… --store DIR [--embedder ENCODER_DIR]\n\n' +
          'Folders are walked for .md/.markdown (split by heading), .txt/.text (split by paragraph) and ' +
          '.jsonl/.ndjson (one passage per record: {"id", "text", "title"?}, ids kept). Passages are ' +
          'cut to at most --max-tokens words. A file indexed again replaces all its passages, so edits ' +
          'leave nothing stale; other files in the store are kept.\n\n' +
          'Embedder: by default a hashing embedder of words and word pairs — no training, no download, ' +
          'instant, and it finds passages that share the question\'s words; `ask` fuses it with BM25. ' +
          'With --embedder, a BERT encoder folder (e.g. one trained by trainContrastiveEncoder, see ' +
          'examples/rag) embeds instead. A store keeps one embedder: adding with another is refused.',
      )
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'Files or folders to index' })
      .option('store', { type: 'string', demandOption: true, describe: 'Store folder (created if missing)' })
      .option('embedder', { type: 'string', describe: 'A saved encoder folder (BERT encoder or hashing embedder) instead of the default hashing embedder' })
      .option('dimension', { type: 'number', default: 4096, describe: 'Vector length of the default hashing embedder' })
      .option('max-tokens', { type: 'number', default: 128, describe: 'Most words per passage' })
      .option('overlap', { type: 'number', default: 0, describe: 'Words shared by consecutive passages of a document' })
      .example('$0 rag index docs/ --store runs/docs-index', 'index a folder of Markdown and text files')
      .example('$0 rag index data/qa/passages.jsonl --store runs/qa --embedder runs/rag-encoder', 'index with a trained encoder'),
  handler: async (argv) => {
    const files = documentFiles(argv.paths);
    const passages = ingestPaths(files, { maxTokens: argv['max-tokens'], overlap: argv.overlap });
    if (passages.length === 0) {
      throw new Error(`no passages in ${argv.paths.join(', ')}: expected non-empty .md, .txt or .jsonl files (found ${files.length} file(s)); nothing was written`);
    }
    // A BERT encoder needs tfjs; the hashing embedder does not.
    if (argv.embedder !== undefined) await initBackend(argv.backend, { log: null, threads: argv.threads });
    const { embedder, stored } = await resolveEmbedder(argv.embedder, argv.dimension);
    try {
      let store: VectorStore;
      try {
        store = await VectorStore.openOrCreate(argv.store, { embedder: embedder.info });
      } catch (e) {
        throw explainStoreError(e, argv.store);
      }
      const started = performance.now();
      const change = await indexPassages(store, embedder, passages, {
        mode: 'replace-sources',
        onProgress: (done, total) => {
          if (total >= 256 && process.stderr.isTTY) process.stderr.write(`\rembedding ${done}/${total}`);
        },
      });
      if (process.stderr.isTTY && passages.length >= 256) process.stderr.write('\n');
      store.metadata = { ...store.metadata, embedder: stored };
      await store.save(argv.store);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `indexed ${files.length} file(s) into ${argv.store}: ${change.added} passage(s) added, ${change.updated} updated, ${change.removed} removed; ` +
          `${store.size} passage(s) from ${store.sources().length} source(s) in the store (${embedder.info.kind}, dimension ${embedder.info.dimension}; ${seconds.toFixed(1)} s)`,
      );
    } finally {
      embedder.dispose?.();
    }
  },
};
