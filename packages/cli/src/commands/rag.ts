import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../globalOptions';
import { ragAskCommand } from './ragAsk';
import { ragEvalCommand } from './ragEval';
import { ragIndexCommand } from './ragIndex';

/** `tfzoo rag <index|ask|eval>`: retrieval-augmented question answering over your documents. */
export const ragCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'rag <command>',
  describe: 'Index documents, ask questions answered with cited passages, score retrieval and answers',
  builder: (y) =>
    y
      .usage(
        '$0 rag index <folder|file>… --store DIR\n' +
          '$0 rag ask --store DIR "question"\n' +
          '$0 rag eval --store DIR --data QA_DIR\n\n' +
          'Works out of the box with no training and no network: passages are found by BM25 fused with a ' +
          'hashing embedder. Point --embedder at a trained BERT encoder and --generator at a trained answer ' +
          'generator (examples/rag trains both) for learned retrieval and short answers.',
      )
      .command(ragIndexCommand)
      .command(ragAskCommand)
      .command(ragEvalCommand)
      .demandCommand(1, 'Name a rag command: index, ask or eval.'),
  handler: () => undefined,
};
