// An append-only journal of JSON lines. append() returns only once the line is on disk
// (fdatasync), so an acknowledged write survives kill -9. A torn last line (no newline: a crash
// mid-write, never acknowledged) is cut off at start. Each line ends with a tab and a checksum of
// its JSON, so a complete line that was damaged, even into other valid JSON, is refused rather
// than replayed or dropped (JSON.stringify never writes a raw tab, so the split is unambiguous).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export class Journal<Entry> {
  private fd: number | undefined;

  constructor(readonly file: string) {}

  /** Reads every entry, repairing a torn tail, and opens the file for appending. */
  open(): Entry[] {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const entries: Entry[] = [];
    if (fs.existsSync(this.file)) {
      const buffer = fs.readFileSync(this.file);
      let start = 0;
      let lineNo = 0;
      while (start < buffer.length) {
        const end = buffer.indexOf(0x0a, start);
        lineNo++;
        if (end === -1) {
          // no newline: the last write never completed, so it was never acknowledged
          fs.truncateSync(this.file, start);
          break;
        }
        const line = buffer.toString('utf8', start, end);
        const entry = readLine(line);
        if (entry === undefined) {
          throw new Error(`${this.file}: line ${lineNo} is damaged (its checksum or JSON does not hold); refusing to start: restore the journal from a backup`);
        }
        entries.push(entry as Entry);
        start = end + 1;
      }
    }
    const existed = fs.existsSync(this.file);
    this.fd = fs.openSync(this.file, 'a');
    if (!existed) fsyncDirectory(path.dirname(this.file));
    return entries;
  }

  /**
   * Reads the entries without repairing or opening anything, for a check beside a running server
   * (blast-radius audit verify --data): an unfinished last line is left out, a damaged line is named.
   */
  readOnly(): { entries: Entry[]; damagedLine?: number } {
    const entries: Entry[] = [];
    if (!fs.existsSync(this.file)) return { entries };
    const buffer = fs.readFileSync(this.file);
    let lineNo = 0;
    for (let start = 0, end = buffer.indexOf(0x0a); end !== -1; start = end + 1, end = buffer.indexOf(0x0a, start)) {
      lineNo++;
      const entry = readLine(buffer.toString('utf8', start, end));
      if (entry === undefined) return { entries, damagedLine: lineNo };
      entries.push(entry as Entry);
    }
    return { entries };
  }

  append(entry: Entry): void {
    if (this.fd === undefined) throw new Error('journal is not open');
    const json = JSON.stringify(entry);
    const line = Buffer.from(`${json}\t${checksum(json)}\n`, 'utf8');
    let written = 0;
    while (written < line.length) written += fs.writeSync(this.fd, line, written, line.length - written);
    fs.fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

const checksum = (json: string): string => createHash('sha256').update(json).digest('hex').slice(0, 16);

/** The entry of a complete line, or undefined when it is damaged. Lines of the first version carry no checksum. */
function readLine(line: string): unknown {
  const tab = line.lastIndexOf('\t');
  const json = tab === -1 ? line : line.slice(0, tab);
  if (tab !== -1 && line.slice(tab + 1) !== checksum(json)) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** One process per data folder: a second server on the same journal would interleave writes. */
export function lockDataFolder(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lock, 'utf8'));
      if (pid && pid !== process.pid && processAlive(pid)) {
        throw new Error(
          `${dir} is in use by process ${pid}: the embedded store serves one process per data folder. Stop that process, set BLAST_RADIUS_DATA to another folder, or, to run several instances on one database, use Neo4j (BLAST_RADIUS_STORE=neo4j)`,
          { cause: err },
        );
      }
      fs.rmSync(lock, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
