import { attentionGridSvg, attentionHeatmapSvg, averageHeads } from '../evaluation';
import type { TranslateOptions, Translator } from '../Translator';

/** Options of {@link translationAttentionSvg}. */
export interface TranslationAttentionSvgOptions extends TranslateOptions {
  /** Decoder layer whose cross-attention is drawn; negative counts from the end. Default -1 (the last). */
  layer?: number;
  /** `'mean'`: one heatmap of the heads' mean (default); `'grid'`: one small heatmap per head. */
  heads?: 'mean' | 'grid';
}

/**
 * Translates `text` and draws where the decoder looked: the cross-attention weights of
 * one decoder layer as an SVG heatmap, target tokens down, source tokens across.
 * Returns the translation with the SVG text.
 */
export function translationAttentionSvg(translator: Translator, text: string, options: TranslationAttentionSvgOptions = {}): { translation: string; svg: string } {
  const { layer = -1, heads = 'mean', ...translate } = options;
  const map = translator.attention(text, translate);
  const layers = map.weights.length;
  const index = layer < 0 ? layers + layer : layer;
  if (!Number.isInteger(index) || index < 0 || index >= layers) throw new Error(`expected a decoder layer in [${-layers}, ${layers}), got ${layer}`);
  const weights = map.weights[index];
  const caption = `"${text}" → "${map.translation}"`;
  const svg =
    heads === 'grid'
      ? attentionGridSvg({ rowLabels: map.targetTokens, columnLabels: map.sourceTokens, heads: weights, title: `cross-attention of decoder layer ${index + 1}, per head: ${caption}` })
      : attentionHeatmapSvg({
          rowLabels: map.targetTokens,
          columnLabels: map.sourceTokens,
          weights: averageHeads(weights),
          title: `cross-attention of decoder layer ${index + 1}, mean of ${weights.length} heads: ${caption}`,
        });
  return { translation: map.translation, svg };
}
