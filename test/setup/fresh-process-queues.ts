import { processQueues } from '@chat/core/wiring/embedded';

/*
 * Setup file of the `unit` project, which runs its files without isolation (several files in one
 * worker, sharing its module cache: each file no longer pays for importing the adapters and the
 * SDKs again). The in-memory broker is one per process, so each file starts with an empty one,
 * as it would in a process of its own; the files that count its messages rely on that.
 */
processQueues.reset();
