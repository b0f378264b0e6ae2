#!/usr/bin/env node
/**
 * `npm run domino-values -- <deployId>`: turns the k8s stack's `domino_config` output into a YAML fragment for
 * domino.yml, the configuration file of Domino's installer.
 *
 * Input, by default: `terraform -chdir=<cdktf.out>/stacks/<deployId>-k8s output -json domino_config` (the stage must
 * be applied). `--from FILE` (or `--from -` for stdin) reads the JSON instead: the output's value, the
 * `terraform output -json domino_config` text, or the whole `terraform output -json` document.
 */
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Document } from "yaml";
import type { DominoConfig } from "../constructs/k8s/domino-config";
import { CONFIG_RECORD_FILE, type ConfigRecord } from "./config-record";

export const USAGE = `Usage: domino-eks values [<deployId>] [--out-dir DIR]
       domino-eks values --from FILE|-
       (npm run domino-values -- ... is the same command)

Prints the domino.yml fragment for a deployment whose four stages are applied.
  <deployId>      reads \`terraform output -json domino_config\` of cdktf.out/stacks/<deployId>-k8s; may be left out
                  when the output folder holds one deployment (synth's record, domino-eks-config.json, names it)
  --out-dir DIR   the cdktf output folder (default: $CDKTF_OUTDIR or cdktf.out)
  --from FILE     reads the output JSON from FILE instead ("-" for stdin); no terraform call
Merge the printed keys into domino.yml (written by the installer's init command) before running the installer.`;

/** A problem the user can fix: printed as one message, without a stack trace. */
export class DominoValuesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DominoValuesError";
  }
}

const REQUIRED_FIELDS = [
  "name", "region", "fqdn", "certificateArn", "clusterName", "kmsKeyArn", "buckets", "internalRegistryBucket", "efs",
  "nodePools", "namespaces",
] as const;

/** Accepts the config object, its JSON-encoded string, or `terraform output -json` (all outputs). */
export function parseDominoConfig(text: string, source: string): DominoConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DominoValuesError(`${source} is not JSON (${(err as Error).message})`);
  }
  if (isRecord(value) && isRecord(value.domino_config)) value = value.domino_config.value;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (err) {
      throw new DominoValuesError(`${source}: the domino_config value is not JSON (${(err as Error).message})`);
    }
  }
  if (!isRecord(value)) throw new DominoValuesError(`${source} holds no domino_config object (expected the k8s stack's domino_config output)`);
  const missing = REQUIRED_FIELDS.filter((f) => value[f] === undefined || value[f] === null);
  if (missing.length > 0) throw new DominoValuesError(`${source}: domino_config lacks ${missing.join(", ")}; is it the k8s stack's domino_config output?`);
  return value as unknown as DominoConfig;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The domino.yml keys this deployment determines, shaped as the installer's config file. */
export function dominoValues(c: DominoConfig): Record<string, unknown> {
  const s3 = (bucket: string) => ({ region: c.region, bucket, sse_kms_key_id: c.kmsKeyArn });
  return {
    name: c.name,
    hostname: c.fqdn,
    namespaces: {
      platform: { name: c.namespaces.platform },
      compute: { name: c.namespaces.compute },
      system: { name: c.namespaces.system },
    },
    storage_classes: {
      // Without the ebs-csi-driver add-on (disabled in a library app) there is no class here: the installer's applies.
      ...(c.storageClass
        ? {
            block: {
              // The k8s stage created this class; the installer must use it, not create its own.
              create: false,
              name: c.storageClass.name,
              type: "ebs",
              access_modes: ["ReadWriteOnce"],
              default: c.storageClass.defaultClass,
              parameters: { type: c.storageClass.type, encrypted: String(c.storageClass.encrypted), kmsKeyId: c.storageClass.kmsKeyArn },
            },
          }
        : {}),
      shared: {
        create: true,
        name: "dominoshared",
        type: "efs",
        access_modes: ["ReadWriteMany"],
        efs: { region: c.region, filesystem_id: c.efs.fileSystemId, access_point_id: c.efs.accessPointId },
      },
    },
    blob_storage: {
      projects: { type: "s3", s3: s3(c.buckets.blobs) },
      logs: { type: "s3", s3: s3(c.buckets.logs) },
      backups: { type: "s3", s3: s3(c.buckets.backups) },
    },
    // Without the cluster-autoscaler add-on (disabled in a library app) the installer's own autoscaler settings apply.
    ...(c.autoscaler
      ? {
          autoscaler: {
            // Installed by the k8s stage when on: a second one from the installer would fight it. With no managed node
            // group that can scale (Karpenter runs the compute pools), there is nothing for one to do.
            ...(c.autoscaler.enabled || c.autoscaler.pools?.length === 0 ? { enabled: false } : {}),
            cloud_provider: "aws",
            auto_discovery: { cluster_name: c.autoscaler.clusterName, tags: [...c.autoscaler.autoDiscoveryTags] },
            aws: { region: c.autoscaler.region },
          },
        }
      : {}),
    internal_docker_registry: { s3_override: s3(c.internalRegistryBucket) },
    external_docker_registry: c.ecr ? `${c.ecr.registryUrl}/${c.ecr.repositoryPrefix}` : null,
    services: {
      nginx_ingress: {
        chart_values: {
          controller: {
            service: {
              annotations: {
                "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": c.certificateArn,
                "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
              },
            },
          },
        },
      },
    },
  };
}

export function toDominoYaml(c: DominoConfig): string {
  const doc = new Document(dominoValues(c));
  doc.commentBefore = [
    ` domino.yml values for deployment ${c.name} (cluster ${c.clusterName}, ${c.region}).`,
    " Merge these keys into domino.yml, the config file Domino's installer writes with its init command,",
    " replacing the same keys there, then run the installer.",
  ].join("\n");
  const pools = Object.entries(c.nodePools)
    .map(([name, p]) => ` ${name}: ${c.nodePoolLabel}=${p.labels[c.nodePoolLabel] ?? name}${p.gpu ? " (GPU)" : ""}`)
    .join("\n");
  doc.comment = ` Node pools (hardware tiers select them by the ${c.nodePoolLabel} label):\n${pools}`;
  return doc.toString({ lineWidth: 0 });
}

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** "-" is stdin. */
  readonly readFile: (file: string) => string;
  readonly exists: (file: string) => boolean;
  readonly listDir: (dir: string) => string[];
  readonly terraform: (args: string[]) => Pick<SpawnSyncReturns<string>, "status" | "stdout" | "stderr" | "error">;
  readonly env: NodeJS.ProcessEnv;
}

const DEPLOY_ID = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

interface Args {
  readonly deployId?: string;
  readonly from?: string;
  readonly outDir?: string;
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  let deployId: string | undefined;
  let from: string | undefined;
  let outDir: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new DominoValuesError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "--help" || a === "-h") help = true;
    else if (a === "--from") from = value();
    else if (a === "--out-dir") outDir = value();
    else if (a.startsWith("--from=")) from = a.slice("--from=".length);
    else if (a.startsWith("--out-dir=")) outDir = a.slice("--out-dir=".length);
    else if (a.startsWith("-") && a !== "-") throw new DominoValuesError(`unknown option ${a}\n${USAGE}`);
    else if (deployId === undefined) deployId = a;
    else throw new DominoValuesError(`one deployId only (got ${deployId} and ${a})\n${USAGE}`);
  }
  return { deployId, from, outDir, help };
}

function readTerraformOutput(deployId: string, outDir: string, io: Io): { text: string; source: string } {
  if (!DEPLOY_ID.test(deployId)) throw new DominoValuesError(`"${deployId}" is not a deployId (lowercase letters, digits and hyphens)`);
  const stacksDir = path.join(outDir, "stacks");
  const stackDir = path.join(stacksDir, `${deployId}-k8s`);
  if (!io.exists(stackDir)) {
    const known = io.exists(stacksDir) ? io.listDir(stacksDir).filter((d) => d.endsWith("-k8s")).map((d) => d.slice(0, -4)) : [];
    throw new DominoValuesError(
      `no synthesized k8s stack for deployId "${deployId}" in ${stacksDir}; ` +
        (known.length ? `known deployIds: ${known.join(", ")}` : "run `npm run synth` first"),
    );
  }
  const result = io.terraform([`-chdir=${stackDir}`, "output", "-json", "domino_config"]);
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new DominoValuesError(
      code === "ENOENT"
        ? "terraform is not on PATH; install it, or pass the output JSON with --from FILE"
        : `could not run terraform: ${result.error.message}`,
    );
  }
  if (result.status !== 0) {
    // Lines of Terraform's box-drawing margin (╷ ╵ │) alone, escaped: the bundle must be ASCII (scripts/bundle.js).
    const lines = String(result.stderr ?? "").split("\n").filter((l) => l.trim() && !/^[\u2577\u2575\u2502\s]*$/.test(l));
    const firstError = lines.findIndex((l) => /Error/.test(l));
    const detail = lines.slice(Math.max(firstError, 0), Math.max(firstError, 0) + 6).join("\n  ");
    throw new DominoValuesError(
      `terraform output failed in ${stackDir} (exit ${result.status}); has the ${deployId}-k8s stage been applied and its backend initialised (terraform init)?` +
        (detail ? `\n  ${detail}` : ""),
    );
  }
  return { text: String(result.stdout), source: `terraform output of ${deployId}-k8s` };
}

/** The one deployment synth recorded in the output folder (cli/config-record.ts); else a deployId is required. */
function recordedDeployId(outDir: string, io: Io): string {
  const file = path.join(outDir, CONFIG_RECORD_FILE);
  const ids = io.exists(file) ? (JSON.parse(io.readFile(file)) as ConfigRecord).deployments.map((d) => d.deployId) : [];
  if (ids.length === 1) return ids[0];
  throw new DominoValuesError(
    `${ids.length > 1 ? `${outDir} holds ${ids.length} deployments (${ids.join(", ")}): name one` : "a deployId or --from is required"}\n${USAGE}`,
  );
}

/** The command; returns the exit code. */
export function run(argv: readonly string[], io: Io): number {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    let input: { text: string; source: string };
    if (args.from !== undefined) {
      if (args.deployId !== undefined) throw new DominoValuesError(`give a deployId or --from, not both\n${USAGE}`);
      const file = args.from;
      if (file !== "-" && !io.exists(file)) throw new DominoValuesError(`--from: ${file} does not exist`);
      input = { text: io.readFile(file), source: file === "-" ? "stdin" : file };
    } else {
      const outDir = args.outDir ?? io.env.CDKTF_OUTDIR ?? "cdktf.out";
      input = readTerraformOutput(args.deployId ?? recordedDeployId(outDir, io), outDir, io);
    }
    io.stdout(toDominoYaml(parseDominoConfig(input.text, input.source)));
    return 0;
  } catch (err) {
    if (err instanceof DominoValuesError) {
      io.stderr(`domino-values: ${err.message}\n`);
      return 1;
    }
    io.stderr(`domino-values: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (f) => fs.readFileSync(f === "-" ? 0 : f, "utf8"),
  exists: (f) => fs.existsSync(f),
  listDir: (d) => fs.readdirSync(d),
  terraform: (args) => spawnSync("terraform", args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }),
  env: process.env,
};

if (require.main === module) process.exitCode = run(process.argv.slice(2), processIo);
