import type { EvalInfo, StepInfo } from './Trainer';
import type { InterruptOptions } from './listenForInterrupt';
import type { ProgressLineOptions } from './ProgressLine';

/**
 * Where and how a model-specific training helper (trainLanguageModel, trainSeq2Seq, …)
 * runs the trainer: the run folder, resuming, progress, Ctrl-C and callbacks. They pass
 * these through to `Trainer.fit` unchanged.
 */
export interface RunOptions {
  /** Run folder: checkpoint/, best/, metrics.jsonl, loss.svg. Default: nothing written. */
  runDir?: string;
  /** Continue from `<runDir>/checkpoint` if it exists. Default false. */
  resume?: boolean;
  /** Progress line options, or false for silence. */
  progress?: ProgressLineOptions | false;
  /** Ctrl-C handling (default: save a checkpoint, then exit). */
  interrupt?: InterruptOptions;
  /** Called after every step. */
  onStep?: (info: StepInfo) => void | Promise<void>;
  /** Called after every evaluation. */
  onEval?: (info: EvalInfo) => void | Promise<void>;
}
