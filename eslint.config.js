// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// Every TypeScript, JavaScript and module file of the repository is linted: the packages' own
// `lint` scripts cover their src/ (and a library's rules/ and parts/); `npm run lint:repo` covers
// the rest (bench scripts, bin shims, configuration files).
export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "docs/**", "**/.turbo/**", "**/generated/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { ...globals.node } },
  },
);
