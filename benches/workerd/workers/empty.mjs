// The baseline: the same harness, a validation that does nothing (cold start, loop overhead).
import { benchWorker } from './harness.mjs';

export default benchWorker(() => true);
