/** Call options of the positional layers. */
export interface PositionCallOptions {
  /**
   * Position of the first input step. Default 0. Set it when feeding steps a few at a
   * time during cached generation, so that step t gets position t.
   */
  startIndex?: number;
}
