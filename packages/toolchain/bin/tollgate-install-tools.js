#!/usr/bin/env node
// Entry shim: the compiled installer lives in dist/ (run `npm run build` first).
import("../dist/bin/install-tools.js").catch((e) => {
  console.error(
    e && e.code === "ERR_MODULE_NOT_FOUND"
      ? "tollgate-install-tools: not built yet; run `npm run build` first"
      : e,
  );
  process.exit(2);
});
