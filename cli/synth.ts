/**
 * Synthesizes into a fresh folder beside the output folder and swaps it in only when the whole app synthesized,
 * so a failed synth (config problems or construct validation errors) leaves the earlier output exactly as it was.
 */
import * as fs from "fs";
import * as path from "path";
import { buildApp } from "./app";
import type { DeploymentConfig } from "../constructs/config/deployment-config";

export function synthesize(configs: readonly DeploymentConfig[], outdir: string): void {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    buildApp(configs, staging).app.synth();
    replaceDir(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function replaceDir(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}
