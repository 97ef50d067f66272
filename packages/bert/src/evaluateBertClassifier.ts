import type { BertClassifier, InferenceOptions } from './BertClassifier';
import { classificationReport, type ClassificationReport } from './classificationReport';
import { checkClassLabels } from './checkClassLabels';

/** A labelled text, as `readLabelledText` gives it. */
export interface LabelledText {
  text: string;
  /** Class id: 0/1 for a binary classifier, [0, numClasses) otherwise. */
  label: number;
}

/** Options of {@link evaluateBertClassifier}. */
export interface EvaluateOptions extends InferenceOptions {
  /** Decision threshold on P(label 1) for a binary classifier. Default 0.5. */
  threshold?: number;
}

/** Runs the classifier on labelled texts and reports accuracy, precision, recall, F1, ROC-AUC and the confusion matrix. */
export async function evaluateBertClassifier(classifier: BertClassifier, examples: readonly LabelledText[], options: EvaluateOptions = {}): Promise<ClassificationReport> {
  if (examples.length === 0) throw new Error('evaluateBertClassifier: expected at least one labelled example, got none');
  const labels = examples.map((e) => e.label);
  checkClassLabels(labels, classifier.config.numClasses, 'evaluation');
  const texts = examples.map((e) => e.text);
  if (classifier.isBinary) {
    const threshold = options.threshold ?? 0.5;
    const scores = await classifier.predict(texts, options);
    const predictions = scores.map((p) => (p >= threshold ? 1 : 0));
    return classificationReport({ labels, predictions, scores, numClasses: 2 });
  }
  const predictions = await classifier.classify(texts, undefined, options);
  return classificationReport({ labels, predictions, numClasses: classifier.config.numClasses });
}
