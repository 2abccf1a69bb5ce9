// The piscina worker entry (dist/worker.js): performs one work item per call.
import { performWork, type WorkItem, type WorkResult } from './work.js';

export default function runWorkItem(item: WorkItem): WorkResult {
  return performWork(item);
}
