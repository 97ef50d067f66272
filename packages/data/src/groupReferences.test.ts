import { groupReferences } from './groupReferences';

describe('groupReferences', () => {
  test('pairs sharing a source become one source with several references, in first-seen order', () => {
    const set = groupReferences([
      { source: 'Run!', target: 'Cours !' },
      { source: 'Hi.', target: 'Salut.' },
      { source: 'Run!', target: 'Courez !' },
      { source: 'Run!', target: 'Cours !' },
    ]);
    expect(set).toEqual({ sources: ['Run!', 'Hi.'], references: [['Cours !', 'Courez !'], ['Salut.']] });
  });

  test('no pairs give an empty set', () => {
    expect(groupReferences([])).toEqual({ sources: [], references: [] });
  });
});
