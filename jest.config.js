/** Jest transpiles each file on its own (isolatedModules); `npm test` type-checks the app and the tests with tsc first. */
module.exports = {
  testEnvironment: "node",
  // Jest's default is one worker per core less one: a single worker on the 2-core CI machine. Two measured 84 s
  // against 117 s for the whole suite.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/__tests__/tsconfig.json", diagnostics: false }],
  },
  // The library example imports the package by name, as a consumer does.
  moduleNameMapper: { "^domino-eks-cdktf$": "<rootDir>/constructs/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
};
