// YAML request bodies are read in worker threads (CONTRACT.md §9: one request never stalls the
// others): a body that is slow to parse costs a worker its time budget, never the event loop.
// A few workers are kept warm; a worker past its budget or out of memory is ended and replaced.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { YAML_LIMITS, YAML_READER_SOURCE, type YamlDocument } from './yaml-read.js';

/** Why a text was not read: it needed more time or memory than a body may. */
export class YamlTooCostly extends Error {}

const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
const yaml = require(workerData.yamlPath);
const read = new Function('yaml', 'text', 'limits', workerData.source);
parentPort.on('message', (text) => parentPort.postMessage(read(yaml, text, workerData.limits)));
parentPort.postMessage('ready');
`;

export interface YamlPoolOptions {
  /** Workers at most; more texts wait their turn. */
  size?: number;
  /** Time allowed per text: a base plus so much per KiB (legitimate YAML reads at about 1 ms/KiB). */
  baseMs?: number;
  msPerKiB?: number;
  /** Heap of each worker. */
  maxHeapMb?: number;
}

interface Task {
  text: string;
  resolve: (docs: YamlDocument[]) => void;
  reject: (err: Error) => void;
}

export class YamlPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];
  private running = 0;
  private readonly size: number;
  private readonly baseMs: number;
  private readonly msPerKiB: number;
  private readonly maxHeapMb: number;
  private readonly yamlPath = createRequire(import.meta.url).resolve('yaml');

  constructor(options: YamlPoolOptions = {}) {
    this.size = options.size ?? 2;
    this.baseMs = options.baseMs ?? 1000;
    this.msPerKiB = options.msPerKiB ?? 3;
    this.maxHeapMb = options.maxHeapMb ?? 1024;
  }

  /** The documents of a YAML text, or YamlTooCostly when it would need more than its budget. */
  read(text: string): Promise<YamlDocument[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.pump();
    });
  }

  /** Ends the idle workers (busy ones end with their task). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < this.size) {
      const task = this.queue.shift()!;
      this.running++;
      const worker = this.idle.pop();
      if (worker) this.run(worker, task);
      else this.spawn(task);
    }
  }

  /** A new worker; the task is sent once it is ready, so start-up never eats into the budget. */
  private spawn(task: Task): void {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { yamlPath: this.yamlPath, source: YAML_READER_SOURCE, limits: YAML_LIMITS },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      stdout: false,
      stderr: false,
    });
    worker.unref(); // an idle worker never keeps the process alive
    const failed = (err?: Error) => {
      worker.off('error', failed);
      worker.off('exit', exited);
      worker.off('message', ready);
      this.finish(worker, false, () => task.reject(err ?? new Error('the YAML worker ended before it was ready')));
    };
    const exited = () => failed();
    const ready = () => {
      worker.off('error', failed);
      worker.off('exit', exited);
      this.run(worker, task);
    };
    worker.once('error', failed);
    worker.once('exit', exited);
    worker.once('message', ready);
  }

  private run(worker: Worker, task: Task): void {
    const budget = this.baseMs + (task.text.length / 1024) * this.msPerKiB;
    const tooCostly = (why: string) => new YamlTooCostly(`the YAML body would need ${why} to read (its budget is ${Math.round(budget)} ms)`);
    let settled = false;
    const settle = (keep: boolean, then: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.finish(worker, keep, then);
    };
    const onMessage = (docs: YamlDocument[]) => settle(true, () => task.resolve(docs));
    const onError = (err: Error & { code?: string }) =>
      settle(false, () => task.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooCostly(`more than ${this.maxHeapMb} MB`) : err));
    const onExit = () => settle(false, () => task.reject(tooCostly('more than its worker could give')));
    const timer = setTimeout(() => settle(false, () => task.reject(tooCostly('more time'))), budget);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task.text);
  }

  private finish(worker: Worker, keep: boolean, then: () => void): void {
    this.running--;
    if (keep) this.idle.push(worker);
    else void worker.terminate();
    then();
    this.pump();
  }
}

/** The process's pool for request bodies. */
export const yamlPool = new YamlPool();
