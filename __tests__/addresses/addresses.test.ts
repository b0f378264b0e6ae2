/**
 * The address contract (cli/address-contract.ts): every valid example still synthesizes every address committed in
 * addresses/<example>.json, or moves it with a moved block to an address that exists; otherwise the next apply would
 * destroy and recreate that resource. New addresses fail too, until the list is rewritten with `npm run addresses`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { breaksState, collectAddresses, compareAddresses, describeDiff, formatAddressFile, type AddressLists } from "../../cli/address-contract";
import { ADDRESSES_DIR, EXAMPLES_DIR, exampleAddresses, exampleFiles, LIBRARY_EXAMPLE, libraryExampleAddresses, main } from "../../cli/addresses";

const ROOT = path.resolve(__dirname, "../..");
const VALID = exampleFiles(ROOT);
const committedFile = (name: string) => path.join(ROOT, ADDRESSES_DIR, `${name}.json`);

let outRoot: string;
beforeAll(() => {
  outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-addresses-test-"));
});
afterAll(() => {
  fs.rmSync(outRoot, { recursive: true, force: true });
});

describe("the committed address lists", () => {
  test("there is one per valid example (examples/invalid/ has none), and no other", () => {
    expect(VALID.length).toBeGreaterThanOrEqual(14);
    expect(VALID.every((f) => !f.includes("/"))).toBe(true);
    const lists = fs.readdirSync(path.join(ROOT, ADDRESSES_DIR)).sort();
    expect(lists).toEqual([...VALID.map((f) => f.replace(/\.yaml$/, ".json")), `${LIBRARY_EXAMPLE}.json`].sort());
  });

  test.each([...VALID, LIBRARY_EXAMPLE])("%s keeps every committed address (or moves it) and adds none", (example) => {
    const name = example.replace(/\.yaml$/, "");
    const text = fs.readFileSync(committedFile(name), "utf8");
    const synthesized = example === LIBRARY_EXAMPLE
      ? libraryExampleAddresses(path.join(outRoot, name))
      : exampleAddresses(path.join(ROOT, EXAMPLES_DIR, example), path.join(outRoot, name));
    const diff = compareAddresses(JSON.parse(text) as AddressLists, synthesized.addresses, synthesized.moved);
    const lines = describeDiff(diff).map((l) => `  ${l}`);
    if (breaksState(diff)) {
      throw new Error(
        [
          `${example}: the next apply would destroy and recreate resources (or fail):`,
          ...lines,
          "If a construct was renamed or moved, add a migration to constructs/core/migrations.ts that moves its old address to the new one.",
          "If a resource is removed on purpose, run `npm run addresses` and record the change in CHANGELOG.md.",
        ].join("\n"),
      );
    }
    if (lines.length > 0) {
      throw new Error(
        [`${ADDRESSES_DIR}/${name}.json is not up to date:`, ...lines, "Run `npm run addresses` and record the change in CHANGELOG.md."].join("\n"),
      );
    }
    expect(formatAddressFile(synthesized.addresses)).toBe(text);
  });
});

describe("compareAddresses", () => {
  const committed: AddressLists = { "d-infra": ["aws_s3_bucket.blobs", "aws_vpc.vpc"], "d-k8s": ["helm_release.calico"] };

  test("the same addresses: no difference", () => {
    const diff = compareAddresses(committed, committed, {});
    expect(describeDiff(diff)).toEqual([]);
    expect(breaksState(diff)).toBe(false);
  });

  test("a committed address that disappears without a moved block fails, with its stack", () => {
    const diff = compareAddresses(committed, { ...committed, "d-infra": ["aws_s3_bucket.blobs", "aws_vpc.network_vpc"] }, {});
    expect(diff.missing).toEqual([{ stack: "d-infra", address: "aws_vpc.vpc", reason: "no moved block" }]);
    expect(diff.added).toEqual([{ stack: "d-infra", address: "aws_vpc.network_vpc" }]);
    expect(breaksState(diff)).toBe(true);
    expect(describeDiff(diff)).toEqual([
      "d-infra: aws_vpc.vpc disappeared (no moved block): Terraform would destroy and recreate it",
      "d-infra: aws_vpc.network_vpc is new",
    ]);
  });

  test("the same change with a moved block to the new address passes (the list is then only out of date)", () => {
    const moved = { "d-infra": [{ from: "aws_vpc.vpc", to: "aws_vpc.network_vpc" }] };
    const diff = compareAddresses(committed, { ...committed, "d-infra": ["aws_s3_bucket.blobs", "aws_vpc.network_vpc"] }, moved);
    expect(diff.missing).toEqual([]);
    expect(diff.moved).toEqual([{ stack: "d-infra", from: "aws_vpc.vpc", to: "aws_vpc.network_vpc" }]);
    expect(breaksState(diff)).toBe(false);
    // Once the list is rewritten, the moved block stays (for users on older versions) and nothing differs.
    expect(describeDiff(compareAddresses({ ...committed, "d-infra": ["aws_s3_bucket.blobs", "aws_vpc.network_vpc"] }, { ...committed, "d-infra": ["aws_s3_bucket.blobs", "aws_vpc.network_vpc"] }, moved))).toEqual([]);
  });

  test("a moved block counts only in its own stack, and a chain of them is followed", () => {
    const now = { ...committed, "d-infra": ["aws_s3_bucket.blobs", "aws_vpc.c"] };
    expect(compareAddresses(committed, now, { "d-k8s": [{ from: "aws_vpc.vpc", to: "aws_vpc.c" }] }).missing).toHaveLength(1);
    const chain = { "d-infra": [{ from: "aws_vpc.vpc", to: "aws_vpc.b" }, { from: "aws_vpc.b", to: "aws_vpc.c" }] };
    expect(compareAddresses(committed, now, chain).moved).toEqual([{ stack: "d-infra", from: "aws_vpc.vpc", to: "aws_vpc.c" }]);
  });

  test("a moved block whose `to` does not exist fails", () => {
    const diff = compareAddresses(committed, { ...committed, "d-infra": ["aws_s3_bucket.blobs", "aws_vpc.network_vpc"] }, {
      "d-infra": [{ from: "aws_vpc.vpc", to: "aws_vpc.network_vcp" }],
    });
    expect(diff.missing).toEqual([{ stack: "d-infra", address: "aws_vpc.vpc", reason: "moved to aws_vpc.network_vcp, which does not exist" }]);
    expect(breaksState(diff)).toBe(true);
  });

  test("a moved block whose `from` is still declared fails (Terraform: Moved object still exists); one that matches nothing is ignored", () => {
    const diff = compareAddresses(committed, committed, { "d-infra": [{ from: "aws_vpc.vpc", to: "aws_vpc.other" }, { from: "aws_kms_key.x", to: "aws_kms_key.y" }] });
    expect(diff.stillDeclared).toEqual([{ stack: "d-infra", from: "aws_vpc.vpc", to: "aws_vpc.other" }]);
    expect(diff.missing).toEqual([]);
    expect(breaksState(diff)).toBe(true);
  });

  test("a stack that disappears fails; a new stack is reported", () => {
    const diff = compareAddresses(committed, { "d-infra": committed["d-infra"], "d-nodes": ["aws_eks_node_group.g"] }, {});
    expect([diff.removedStacks, diff.addedStacks, diff.added, diff.missing]).toEqual([["d-k8s"], ["d-nodes"], [], []]);
    expect(breaksState(diff)).toBe(true);
    expect(describeDiff(diff)).toEqual(["d-k8s: stack disappeared: Terraform would no longer manage its resources", "d-nodes: new stack"]);
  });
});

describe("collectAddresses", () => {
  test("managed resources only, sorted per stack, and the moved blocks", () => {
    const stacks = {
      "d-infra": {
        data: { aws_partition: { p: {} } },
        resource: { aws_vpc: { vpc: {} }, aws_subnet: { b: {}, a: {} } },
        moved: [{ from: "aws_vpc.old", to: "aws_vpc.vpc" }],
      },
      "d-cluster": { terraform: {} },
    };
    expect(collectAddresses(stacks)).toEqual({
      addresses: { "d-cluster": [], "d-infra": ["aws_subnet.a", "aws_subnet.b", "aws_vpc.vpc"] },
      moved: { "d-cluster": [], "d-infra": [{ from: "aws_vpc.old", to: "aws_vpc.vpc" }] },
    });
    expect(formatAddressFile({ b: ["y", "x"], a: [] })).toBe('{\n  "a": [],\n  "b": [\n    "x",\n    "y"\n  ]\n}\n');
  });
});

describe("npm run addresses", () => {
  test("--check lists the differences and writes nothing; a removal is written only with --accept-removal; stale lists are removed", () => {
    const root = path.join(outRoot, "cli-root");
    fs.mkdirSync(path.join(root, EXAMPLES_DIR, "invalid"), { recursive: true });
    fs.mkdirSync(path.join(root, ADDRESSES_DIR));
    fs.copyFileSync(path.join(ROOT, EXAMPLES_DIR, "single-zone.yaml"), path.join(root, EXAMPLES_DIR, "single-zone.yaml"));
    fs.copyFileSync(path.join(ROOT, EXAMPLES_DIR, "invalid", "bad-region.yaml"), path.join(root, EXAMPLES_DIR, "invalid", "bad-region.yaml"));
    const good = fs.readFileSync(committedFile("single-zone"), "utf8");
    const lists = JSON.parse(good) as Record<string, string[]>;
    const [gone] = lists["domino-dev-infra"];
    lists["domino-dev-infra"] = [...lists["domino-dev-infra"].slice(1), "aws_vpc.removed_in_this_test"];
    const file = path.join(root, ADDRESSES_DIR, "single-zone.json");
    fs.writeFileSync(file, formatAddressFile(lists));
    fs.writeFileSync(path.join(root, ADDRESSES_DIR, "stale.json"), "{}\n");
    const run = (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, root);
      return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    };

    const check = run(["--check"]);
    expect(check.code).toBe(1);
    expect(check.stderr.split("\n")).toEqual(
      expect.arrayContaining([
        "addresses/single-zone.json is not up to date:",
        "  domino-dev-infra: aws_vpc.removed_in_this_test disappeared (no moved block): Terraform would destroy and recreate it",
        `  domino-dev-infra: ${gone} is new`,
        "addresses/stale.json: no examples/stale.yaml",
        "Run `npm run addresses` to rewrite the lists, and record address changes in CHANGELOG.md.",
      ]),
    );
    expect(fs.readFileSync(file, "utf8")).toBe(formatAddressFile(lists));
    expect(fs.readdirSync(path.join(root, ADDRESSES_DIR)).sort()).toEqual(["single-zone.json", "stale.json"]);

    const refused = run([]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("not written: resources would be destroyed (add a migration, or pass --accept-removal if that is intended)");
    expect(fs.readFileSync(file, "utf8")).toBe(formatAddressFile(lists));

    const write = run(["--accept-removal"]);
    expect([write.code, write.stderr]).toEqual([0, ""]);
    expect(write.stdout).toContain("wrote addresses/single-zone.json");
    expect(fs.readFileSync(file, "utf8")).toBe(good);
    expect(fs.readdirSync(path.join(root, ADDRESSES_DIR))).toEqual(["single-zone.json"]);

    expect(run(["--bogus"]).code).toBe(2);
  });
});
