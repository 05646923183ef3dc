// Browser test of `streamlab replay --to kafka://... --web` (ctest labels web and kafka): the
// replay produces into a topic of `streamlab broker` (librdkafka's mock cluster, started here on a
// free port; no JVM) while headless Chromium watches the page. No engine judges the arrivals, so
// every mark is `sent`; the page must draw one per arrival, in one lane per key, and show the
// replay's watermark (the target's bounded watermark over what it sent).
//   node replay_web_kafka_test.mjs STREAMLAB DATASET ARTEFACT_DIR
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [streamlab, dataset, artefacts] = process.argv.slice(2);
mkdirSync(artefacts, { recursive: true });
const sleep = ms => new Promise(r => setTimeout(r, ms));
const t0 = Date.now();
const log = what => console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);

async function until(what, predicate, timeout = 60000) {
  log(`waiting for ${what}`);
  const start = Date.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// A port no one listens on now (the broker's --port needs a number).
const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.on("error", reject);
  server.listen(0, "127.0.0.1", () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

// Starts a process and resolves once `ready` matches its output (stdout or stderr).
function start(args, ready) {
  const child = spawn(streamlab, args, { stdio: ["ignore", "pipe", "pipe"] });
  const run = { child, out: "", err: "", exit: new Promise(r => child.on("exit", code => r(code))) };
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = (run.out + run.err).match(ready);
      if (m && !run.match) { run.match = m; resolve(run); }
    };
    child.stdout.on("data", d => { run.out += d; check(); });
    child.stderr.on("data", d => { run.err += d; check(); });
    child.on("exit", code => { if (!run.match) reject(new Error(`${args[0]} exited ${code}: ${run.out}${run.err}`)); });
  });
}

const marks = (page, cls = "ev") => page.evaluate(c => document.querySelectorAll(`#plane .${c}`).length, cls);
const text = (page, id) => page.evaluate(i => document.getElementById(i).textContent, id);

const port = await freePort();
const broker = await start(["broker", "--port", String(port), "--partitions", "2", "--topic", "sales-web"],
                           /bootstrap: (\S+)/);
log(`broker on ${broker.match[1]}`);
const profile = mkdtempSync(join(tmpdir(), "streamlab-web-kafka-test-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 720 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const consoleErrors = [];
try {
  const run = await start(["replay", dataset, "--scenario", "late-arrivals", "--seed", "42", "--key-field", "category",
                           "--to", `kafka://127.0.0.1:${port}/sales-web`, "--speed", "max", "--plain",
                           "--web", "127.0.0.1:0", "--web-wait"], /web view on (http:\/\/\S+\/)\n/);
  const page = await browser.newPage();
  page.on("console", m => { if (m.type() === "error") consoleErrors.push(m.text()); });
  await page.goto(run.match[1]);
  await until("the replay to finish", async () => (await text(page, "state")) === "finished");
  assert.equal(await run.exit, 0, run.err);
  const delivered = run.err.match(/(\d+) of (\d+) arrivals delivered to/);
  assert.ok(delivered, `no delivery line in: ${run.err}`);
  assert.equal(delivered[1], delivered[2], "every arrival delivered to the broker");
  const summary = run.out.match(/replay complete: (\d+) of (\d+) arrivals sent.*?; watermark ([^;]+);/);
  assert.ok(summary, `no summary in: ${run.out}`);
  const arrivals = Number(summary[1]);
  assert.equal(arrivals, Number(delivered[2]), "the page's arrivals are the ones produced");
  await until("every mark drawn", async () => (await marks(page)) === arrivals);
  assert.equal(await marks(page, "sent"), arrivals, "every mark is an arrival sent to Kafka");
  assert.equal(await text(page, "watermark"), summary[3], "the watermark label is the replay's");
  assert.notEqual(summary[3], "-inf", "the watermark moved");
  assert.equal(await page.evaluate(() => document.querySelectorAll("#plane .wm").length > 0), true,
               "the watermark line is drawn");
  assert.equal(await page.evaluate(() => document.querySelectorAll("#plane .lane").length), 6, "lanes per key");
  await page.screenshot({ path: join(artefacts, "replay-web-kafka.png"), fullPage: true });
  await page.close();
  assert.deepEqual(consoleErrors, [], "no errors in the browser console");
  console.log("web kafka: all checks passed");
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  broker.child.kill("SIGINT");
  await broker.exit;
}
