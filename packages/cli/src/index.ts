export { main, COMMANDS } from './main';
export type { GlobalOptions } from './globalOptions';
