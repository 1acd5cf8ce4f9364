// Entry of the ingest's worker thread (preparer.ts). The ingest code is TypeScript source, run by
// tsx in the CLI and by Vite in the web server; in a worker thread neither applies, so tsx is
// registered here before the worker's module loads.
import { register } from "tsx/esm/api";

register();
await import("./prepare-worker.ts");
