// Worker entry in plain JavaScript: workers do not inherit tsx's loader, so load the TypeScript through its API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./compactWorker.ts', import.meta.url);
