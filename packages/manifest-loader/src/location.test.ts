import { describe, expect, it } from "vitest";
import { describeLocation, locatedError } from "./location.js";

describe("describeLocation", () => {
  it("names the file, the document, the list item and the line", () => {
    const object = { apiVersion: "v1", kind: "Pod" };
    expect(describeLocation({ type: "error", file: "a.yaml", message: "" })).toBe("a.yaml");
    expect(describeLocation({ type: "document", file: "a.yaml", index: 3, line: 41, object })).toBe(
      "a.yaml#3 (line 41)",
    );
    expect(describeLocation({ type: "document", file: "a.yaml", index: 3, item: 2, line: 50, object })).toBe(
      "a.yaml#3.items[2] (line 50)",
    );
    expect(describeLocation({ type: "error", file: "-", index: 0, message: "" })).toBe("<stdin>#0");
  });

  it("starts an error's message", () => {
    expect(locatedError({ file: "a.yaml", index: 1, line: 2 }, "bad")).toEqual({
      type: "error",
      file: "a.yaml",
      index: 1,
      line: 2,
      message: "a.yaml#1 (line 2): bad",
    });
  });
});
