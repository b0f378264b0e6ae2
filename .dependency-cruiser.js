/**
 * Import layers of the app, checked by dependency-cruiser (`npm run layers`, and __tests__/app/layers.test.ts).
 *
 *   main.ts      entry
 *   cli/         front end: config file loading, synth, validate, ...
 *   verify/      offline checks on synthesized JSON; stands alone
 *   constructs/  the library: config -> core -> infra -> cluster -> nodes -> k8s, plus addons/
 *   scripts/     bench, app launcher
 *
 * Every path below is a regular expression on a path relative to the folder depcruise runs in (the repo root, or the
 * root of a fixture tree in the test), so the same file serves both. npm packages resolve to node_modules/...; the
 * `(?:^|/)` in front of node_modules keeps the patterns right when node_modules is a symlink to somewhere else.
 * Type-only imports (`import type`) are edges too: tsPreCompilationDeps is on.
 */

/** The library, cdktf and the providers: may be peerDependencies (+ devDependencies) of the library. */
const CDKTF_PACKAGES = "(?:^|/)node_modules/(?:cdktf|constructs|@cdktf/provider-[^/]+)/";
/** The stages, in build order. A stage may import an earlier one, never a later one. */
const STAGES = ["infra", "cluster", "nodes", "k8s"];
const FRONT_END = "^(?:cli/|scripts/|main\\.ts$)";
/** An add-on's config-schema slice and its defaults: pure files that constructs/config/schema.ts composes. */
const ADDON_SCHEMA_SLICE = "^constructs/addons/[^/]+/(?:schema|defaults)\\.ts$";

/** stage-order: one rule per stage that has a later stage (all reported under the one name). */
const stageOrder = STAGES.slice(0, -1).map((stage, i) => ({
  name: "stage-order",
  severity: "error",
  comment: `constructs/${stage}/ must not import a later stage (${STAGES.slice(i + 1).join(", ")}); stage order is ${STAGES.join(" -> ")}`,
  from: { path: `^constructs/${stage}/` },
  to: { path: `^constructs/(?:${STAGES.slice(i + 1).join("|")})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycle anywhere.",
      from: {},
      to: { circular: true },
    },
    {
      name: "library-not-front-end",
      severity: "error",
      comment: "The library (constructs/) must not import the front end: cli/, scripts/, main.ts.",
      from: { path: "^constructs/" },
      to: { path: FRONT_END },
    },
    {
      name: "verify-standalone",
      severity: "error",
      comment: "verify/ checks synthesized JSON on its own: it imports neither constructs/ nor cli/, scripts/, main.ts.",
      from: { path: "^verify/" },
      to: { path: ["^constructs/", FRONT_END] },
    },
    {
      name: "library-uses-only-verify-rule-catalogue",
      severity: "error",
      comment:
        "From verify/, the library may import only the security rule catalogue (verify/security/rules/index.ts, " +
        "for the waiver ids in constructs/config/rules.ts).",
      from: { path: "^constructs/" },
      to: { path: "^verify/", pathNot: "^verify/security/rules/index\\.ts$" },
    },
    ...stageOrder,
    {
      name: "config-is-pure",
      severity: "error",
      comment:
        "constructs/config/ imports no other constructs/ folder and, of npm packages, only zod and ipaddr.js " +
        "(no cdktf, constructs, @cdktf/*). Node built-ins are fine; verify/ is ruled by library-uses-only-verify-rule-catalogue. " +
        "The exception: the add-ons' schema slices and defaults (constructs/addons/<name>/schema.ts, defaults.ts), which the " +
        "deployment schema composes.",
      from: { path: "^constructs/config/" },
      to: {
        path: ["^constructs/", "(?:^|/)node_modules/"],
        pathNot: ["^constructs/config/", ADDON_SCHEMA_SLICE, "(?:^|/)node_modules/(?:zod|ipaddr\\.js)/"],
      },
    },
    {
      name: "addon-schema-slices-pure",
      severity: "error",
      comment:
        "An add-on's schema.ts and defaults.ts import only zod and each other (same add-on), so config/schema.ts can " +
        "compose them without reaching cdktf or the stages.",
      from: { path: "^constructs/addons/([^/]+)/(?:schema|defaults)\\.ts$" },
      to: {
        path: ["^constructs/", "^verify/", "(?:^|/)node_modules/"],
        pathNot: ["^constructs/addons/$1/(?:schema|defaults)\\.ts$", "(?:^|/)node_modules/zod/"],
      },
    },
    {
      name: "core-below-stages",
      severity: "error",
      comment: "constructs/core/ imports only constructs/config/ and itself (plus npm packages and Node built-ins).",
      from: { path: "^constructs/core/" },
      to: { path: ["^constructs/", "^verify/"], pathNot: "^constructs/(?:core|config)/" },
    },
    {
      name: "stages-know-no-addon",
      severity: "error",
      comment:
        "The stages and core know no add-on: of constructs/addons/ they may import only the add-on " +
        "interface (constructs/addons/addon.ts) - no add-on folder, and not the registry (constructs/addons/index.ts), " +
        "which imports every add-on.",
      from: { path: "^constructs/(?:infra|cluster|nodes|k8s|core)/" },
      to: { path: "^constructs/addons/", pathNot: "^constructs/addons/addon\\.ts$" },
    },
    {
      name: "addons-independent",
      severity: "error",
      comment: "An add-on folder (constructs/addons/<name>/) imports no other add-on folder.",
      from: { path: "^constructs/addons/([^/]+)/" },
      to: { path: "^constructs/addons/[^/]+/", pathNot: "^constructs/addons/$1/" },
    },
    {
      name: "addon-folders-only-via-registry",
      severity: "error",
      comment:
        "Only constructs/deployment.ts, constructs/index.ts and constructs/addons/index.ts (the registry) import " +
        "add-on folders, and constructs/config/schema.ts their schema slices (config-is-pure keeps it to those); an " +
        "add-on's own files import each other; tests are not scanned.",
      from: { pathNot: "^constructs/(?:deployment\\.ts$|index\\.ts$|addons/|config/schema\\.ts$)" },
      to: { path: "^constructs/addons/[^/]+/" },
    },
    {
      name: "no-provider-root-import",
      severity: "error",
      comment:
        "Import providers by deep path (@cdktf/provider-aws/lib/vpc), never the package root: the root index loads " +
        "every resource of the provider.",
      from: {},
      to: { path: "(?:^|/)node_modules/@cdktf/provider-(?:aws|kubernetes|helm)/lib/index\\.(?:js|d\\.ts)$" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves to a file on disk (or a Node built-in).",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "not-to-dev-dep",
      severity: "error",
      comment:
        "constructs/, cli/ and verify/ run in production: they must not use devDependencies. cdktf, constructs and " +
        "@cdktf/provider-* are exempt (they may be peerDependencies + devDependencies), as is any peerDependency.",
      from: { path: "^(?:constructs|cli|verify)/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["npm-peer"], pathNot: CDKTF_PACKAGES },
    },
  ],
  options: {
    doNotFollow: { path: "(?:^|/)node_modules/" },
    // examples/ are consumer code (examples/library imports the package by name), outside the layers.
    exclude: { path: ["(?:^|/)(?:dist|cdktf\\.out|\\.gen|__tests__)/", "^examples/"] },
    moduleSystems: ["cjs", "es6"],
    tsPreCompilationDeps: true,
    // No tsConfig here: dependency-cruiser then resolves bare names against the project folder (baseUrl "./"), and
    // the npm package `constructs` would resolve to this repo's constructs/ folder. The project uses no path aliases.
    skipAnalysisNotInRules: true,
    cache: false,
    progress: { type: "none" },
  },
};
