/**
 * Preloaded by the bench (`node -r`): at exit, writes this process's peak resident memory (bytes) to the file named
 * by BENCH_RSS_FILE. Exact for one process, unlike sampling.
 */
import * as fs from "fs";

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => fs.writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
}
