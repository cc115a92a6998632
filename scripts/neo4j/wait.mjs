#!/usr/bin/env node
// Waits until a Neo4j server answers `RETURN 1` over Bolt with the given
// credentials, then prints the server's version on stdout and exits 0.
//
//   node scripts/neo4j/wait.mjs --uri bolt://127.0.0.1:7687 [--user neo4j]
//        [--password blast-radius-test] [--timeout 120] [--pid 1234]
//
// With --pid it gives up early (exit 3) as soon as that process is gone,
// so a server that died at start-up is reported at once, not after the timeout.
// Exit 2 on timeout.
import neo4j from 'neo4j-driver';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const uri = arg('uri');
const user = arg('user', 'neo4j');
const password = arg('password', 'blast-radius-test');
const timeoutMs = Number(arg('timeout', '120')) * 1000;
const pid = arg('pid') ? Number(arg('pid')) : undefined;

if (!uri) {
  console.error('wait.mjs: --uri is required');
  process.exit(1);
}

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const deadline = Date.now() + timeoutMs;
let lastError = 'no attempt made';

while (Date.now() < deadline) {
  if (pid !== undefined && !alive(pid)) {
    console.error(`wait.mjs: process ${pid} exited before Neo4j answered at ${uri} (last error: ${lastError})`);
    process.exit(3);
  }
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
    connectionTimeout: 3000,
    maxConnectionPoolSize: 1,
    maxTransactionRetryTime: 0,
    logging: { level: 'error', logger: () => {} },
  });
  try {
    const { records } = await driver.executeQuery('RETURN 1 AS one');
    if (Number(records[0]?.get('one')) === 1) {
      const info = await driver.getServerInfo();
      // e.g. "Neo4j/5.26.30" -> "5.26.30"
      console.log(String(info.agent ?? '').replace(/^Neo4j\//, ''));
      await driver.close();
      process.exit(0);
    }
    lastError = 'RETURN 1 returned an unexpected result';
  } catch (err) {
    lastError = `${err.code ?? err.name}: ${err.message}`;
    // Wrong credentials will not fix themselves.
    if (err.code === 'Neo.ClientError.Security.Unauthorized') {
      console.error(`wait.mjs: ${uri} rejected user '${user}': ${err.message}`);
      await driver.close().catch(() => {});
      process.exit(4);
    }
  }
  await driver.close().catch(() => {});
  await sleep(500);
}

console.error(`wait.mjs: Neo4j at ${uri} did not answer within ${timeoutMs / 1000}s (last error: ${lastError})`);
process.exit(2);
