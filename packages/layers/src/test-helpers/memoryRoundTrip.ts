import * as tf from '@tensorflow/tfjs';

/** Saves a model through an in-memory IOHandler and loads it back, as `tf.loadLayersModel` would from disk. */
export async function saveAndLoadInMemory(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      // Through JSON, like a file: catches configs that only survive in memory.
      saved = { ...artifacts, modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology)) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === null) throw new Error('the save handler was not called');
  return tf.loadLayersModel(tf.io.fromMemory(saved));
}
