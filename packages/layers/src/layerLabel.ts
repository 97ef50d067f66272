/** How errors name a layer: `MultiHeadAttention 'decoder_0/self_attention'`. */
export function layerLabel(layer: { name: string; getClassName(): string }): string {
  return `${layer.getClassName()} '${layer.name}'`;
}
