/** The embedded store now lives in ./level/; this path stays for existing imports. */
export { LevelStore } from './level/LevelStore.ts';
