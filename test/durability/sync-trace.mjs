// Preloaded into a server process (node --import) by the durability test: records, in the order
// they happen, each write to and each fsync/fdatasync of a file the process opened by name, so the
// test can check that every acknowledged journal write was synced before the answer went out.
// With BR_SYNC_TRACE_DROP=1 the syncs are swallowed unrecorded: what removing them from the code
// would look like, so the test can show its check catches it.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const original = { openSync: fs.openSync, writeSync: fs.writeSync, fsyncSync: fs.fsyncSync, fdatasyncSync: fs.fdatasyncSync, closeSync: fs.closeSync };
const traceFd = original.openSync(process.env.BR_SYNC_TRACE, 'a');
const drop = process.env.BR_SYNC_TRACE_DROP === '1';
const paths = new Map();
const record = (op, fd) => {
  const file = paths.get(fd);
  if (file !== undefined) original.writeSync(traceFd, `${op}\t${fd}\t${file}\n`);
};

fs.openSync = function openSync(file, ...rest) {
  const fd = original.openSync.call(this, file, ...rest);
  paths.set(fd, String(file));
  return fd;
};
fs.writeSync = function writeSync(fd, ...rest) {
  const n = original.writeSync.call(this, fd, ...rest);
  record('write', fd);
  return n;
};
fs.fdatasyncSync = function fdatasyncSync(fd) {
  if (drop) return;
  original.fdatasyncSync.call(this, fd);
  record('sync', fd);
};
fs.fsyncSync = function fsyncSync(fd) {
  if (drop) return;
  original.fsyncSync.call(this, fd);
  record('sync', fd);
};
fs.closeSync = function closeSync(fd) {
  paths.delete(fd);
  return original.closeSync.call(this, fd);
};
syncBuiltinESMExports();
