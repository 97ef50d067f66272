import { isPackageInstalled, requireOptional } from './requireOptional';

describe('requireOptional', () => {
  it('loads an installed package', () => {
    expect(requireOptional<typeof import('path')>('path', 'test').join('a', 'b')).toBe('a/b');
    expect(isPackageInstalled('path')).toBe(true);
  });

  it('names the package to install when it is missing', () => {
    expect(() => requireOptional('tfzoo-no-such-package', 'Fancy search')).toThrow(
      'Fancy search needs the npm package "tfzoo-no-such-package", which is not installed; install it with `pnpm add tfzoo-no-such-package`',
    );
    expect(isPackageInstalled('tfzoo-no-such-package')).toBe(false);
  });
});
