/**
 * Loads an optional npm package on first use, so @tfzoo/rag works without it and
 * only the feature that needs it asks for it. A missing package is one clear
 * line naming what to install; a package that is present but fails to load
 * (a native addon built for another Node) keeps its own error as the cause.
 */
export function requireOptional<T>(name: string, feature: string): T {
  try {
    // A plain require, resolved at run time: the package is not a dependency of @tfzoo/rag.
    return require(name) as T;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'MODULE_NOT_FOUND' && err.message.includes(`'${name}'`)) {
      throw new Error(`${feature} needs the npm package "${name}", which is not installed; install it with \`pnpm add ${name}\` (or npm install ${name})`);
    }
    throw new Error(`${feature}: the npm package "${name}" is installed but failed to load: ${err.message}`, { cause: e });
  }
}

/** Whether `name` can be resolved from here, without loading it. */
export function isPackageInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
