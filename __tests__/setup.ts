import { Testing } from "cdktf";

Testing.setupJest();

// cdktf records a creation stack trace for every token, used only in its error messages; under jest each trace also
// goes through jest's source-map rewriting, which roughly doubles the time of every synth. Without the traces the
// synthesized JSON is byte for byte the same. If cdktf moves the module, the traces simply stay (slower, same result).
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.spyOn(require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] }, "captureStackTrace").mockReturnValue([]);
} catch {
  // slower, same result
}
