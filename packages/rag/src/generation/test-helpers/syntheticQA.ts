import type { Passage } from '../../types';

/** A question about a synthetic passage, with its answer (a span of that passage). */
export interface SyntheticQuestion {
  question: string;
  answer: string;
  passageId: string;
}

const COUNTRIES = ['Zorbia', 'Quelland', 'Marovia', 'Tessaly', 'Brunfeld', 'Olvania', 'Karpia', 'Veltra', 'Durnia', 'Pellaro', 'Sarnova', 'Fenmark'];
const CAPITALS = ['Quenta', 'Lirbo', 'Astovel', 'Mirren', 'Dopplet', 'Cassin', 'Horvik', 'Ulmara', 'Gessel', 'Tarvo', 'Nimbric', 'Oskeld'];
const RIVERS = ['Lumo', 'Vesk', 'Arran', 'Tilde', 'Brask', 'Ornel', 'Keppa', 'Sund', 'Morrow', 'Halve', 'Ista', 'Drun'];
const GOODS = ['copper', 'salt', 'timber', 'wool', 'glass', 'tea', 'silver', 'amber', 'cotton', 'iron', 'wine', 'marble'];
const SEAS = ['northern', 'western', 'eastern', 'southern'];

/**
 * A small made-up collection: one passage per country (capital, river, founding year,
 * export) and four questions about each, whose answers are spans of the passage. Made-up
 * names keep a model from knowing the answers without reading the passage.
 */
export function syntheticCollection(count = COUNTRIES.length): { passages: Passage[]; questions: SyntheticQuestion[] } {
  const passages: Passage[] = [];
  const questions: SyntheticQuestion[] = [];
  for (let i = 0; i < count; i++) {
    const country = COUNTRIES[i];
    const capital = CAPITALS[i];
    const river = RIVERS[i];
    const good = GOODS[i];
    const year = String(1200 + 37 * i);
    const id = `${country}#0`;
    passages.push({
      id,
      title: country,
      source: 'synthetic',
      position: 0,
      text: `${country} is a small country on the ${SEAS[i % 4]} coast. Its capital is ${capital}, a city on the river ${river}. ${country} was founded in ${year} and exports mostly ${good}.`,
    });
    questions.push(
      { question: `What is the capital of ${country}?`, answer: capital, passageId: id },
      { question: `Which river flows through ${capital}?`, answer: river, passageId: id },
      { question: `When was ${country} founded?`, answer: year, passageId: id },
      { question: `What does ${country} export?`, answer: good, passageId: id },
    );
  }
  return { passages, questions };
}
