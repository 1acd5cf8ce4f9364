// The ingest's worker thread: one ChatPreparer for the run (its context comes as workerData), one
// reply per job, in order. Started by preparer.ts through worker-entry.mjs.
import { parentPort, workerData } from "node:worker_threads";
import { ChatPreparer, type PrepareContext } from "./prepare";
import { type JobMessage, type ReplyMessage, unpackJob } from "./preparer";

const port = parentPort;
if (!port) throw new Error("prepare-worker.ts runs only as a worker thread");
const preparer = new ChatPreparer(workerData as PrepareContext);
port.on("message", (message: JobMessage) => {
  let reply: ReplyMessage;
  try {
    reply = { id: message.id, outcomes: preparer.prepare(unpackJob(message)) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
