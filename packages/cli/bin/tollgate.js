#!/usr/bin/env node
// Entry shim: the compiled CLI lives in dist/ (run `npm run build` first).
import("../dist/bin/tollgate.js").catch((e) => {
  if (e && e.code === "ERR_MODULE_NOT_FOUND") {
    console.error("tollgate: the CLI is not built yet; run `npm run setup` (or `npm run build`) first");
  } else {
    console.error(e);
  }
  process.exit(2);
});
