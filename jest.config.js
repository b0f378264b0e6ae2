/** Jest transpiles each file on its own (isolatedModules); `npm test` type-checks the app and the tests with tsc first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/__tests__/tsconfig.json", diagnostics: false }],
  },
  // The library example imports the package by name, as a consumer does.
  moduleNameMapper: { "^domino-eks-cdktf$": "<rootDir>/constructs/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
};
