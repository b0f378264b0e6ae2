/**
 * scripts/build-if-stale.js: what makes dist/ stale (sources and the installed dependencies) and the time its stamp
 * takes (when the build began, so that a source saved during tsc is newer than the build).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

type Steps = { tsc: (root: string) => number; bundle: (root: string) => number };
const buildIfStale = require("../../scripts/build-if-stale.js") as (root: string, build: Steps) => void;

let root: string;
let builds: number;
const steps = (during: () => void = () => undefined): Steps => ({
  tsc: () => {
    builds++;
    during();
    return 0;
  },
  bundle: () => 0,
});
const setMtime = (file: string, ms: number) => fs.utimesSync(file, new Date(ms), new Date(ms));

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-stale-"));
  fs.mkdirSync(path.join(root, "dist"));
  fs.mkdirSync(path.join(root, "node_modules"));
  fs.writeFileSync(path.join(root, "main.ts"), "");
  fs.writeFileSync(path.join(root, "node_modules", ".package-lock.json"), "{}");
  const past = Date.now() - 60_000;
  setMtime(path.join(root, "main.ts"), past);
  setMtime(path.join(root, "node_modules", ".package-lock.json"), past);
  builds = 0;
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test("builds once, then not again while nothing changed", () => {
  buildIfStale(root, steps());
  buildIfStale(root, steps());
  expect(builds).toBe(1);
  expect(fs.existsSync(path.join(root, "dist", ".app-built"))).toBe(true);
});

test("builds again after a source saved while tsc ran (the stamp is the time the build began)", () => {
  const before = Date.now();
  buildIfStale(root, steps(() => {
    // Past the coarse clock the kernel stamps files with.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    fs.writeFileSync(path.join(root, "main.ts"), "// saved during the build\n");
  }));
  expect(fs.statSync(path.join(root, "dist", ".app-built")).mtimeMs).toBeLessThan(fs.statSync(path.join(root, "main.ts")).mtimeMs);
  expect(fs.statSync(path.join(root, "dist", ".app-built")).mtimeMs).toBeGreaterThanOrEqual(before - 1);
  buildIfStale(root, steps());
  expect(builds).toBe(2);
});

test("builds again after npm installed other dependencies (node_modules/.package-lock.json is newer)", () => {
  buildIfStale(root, steps());
  setMtime(path.join(root, "node_modules", ".package-lock.json"), Date.now() + 5_000);
  buildIfStale(root, steps());
  expect(builds).toBe(2);
});
