import { restartNumbering } from './builders/numbering.js';

// Runs before each test file (vitest.config.ts `setupFiles`). Files share a worker's modules
// (`isolate: false`), so what a file may rely on starting afresh is restarted here.
restartNumbering();
