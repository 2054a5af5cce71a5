import fc from "fast-check";

// Property tests run with a fixed seed so a CI run is reproducible; TOLLGATE_SEED picks another.
fc.configureGlobal({ seed: Number(process.env["TOLLGATE_SEED"] ?? 20261128) });
