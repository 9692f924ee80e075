import { fuzzWriteOperations } from './api-fuzz.js';

// A third of the write operations: see api-fuzz.ts.
fuzzWriteOperations(0, 3);
