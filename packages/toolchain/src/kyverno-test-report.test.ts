import { describe, expect, it } from "vitest";
import { parseKyvernoJunit } from "./kyverno-test-report.js";

const junit = `Loading test  ( kyverno-test.yaml ) ...
  Checking results ...

<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1">
 <testsuite name="p" tests="3" failures="1">
  <testcase classname="" name="v1/Pod/default/good">
   <system-out><![CDATA[
    Reason: Ok
    Policy: p
   ]]></system-out>
  </testcase>
  <testcase classname="" name="v1/Pod/default/excluded">
   <system-out><![CDATA[
    Reason: Excluded
    Policy: p
   ]]></system-out>
  </testcase>
  <testcase classname="" name="apps/v1/Deployment/default/bad">
   <failure message="Want pass, got fail">
    Policy: p
    Result: Fail  </testcase>
 </testsuite>
</testsuites>
`;

describe("parseKyvernoJunit", () => {
  it("reads every row with its reason, keeping Excluded apart from Ok", () => {
    expect(parseKyvernoJunit(junit)).toEqual([
      { policy: "p", resource: "v1/Pod/default/good", reason: "Ok", failed: false },
      { policy: "p", resource: "v1/Pod/default/excluded", reason: "Excluded", failed: false },
      {
        policy: "p",
        resource: "apps/v1/Deployment/default/bad",
        reason: "Want pass, got fail",
        failed: true,
      },
    ]);
  });

  it("finds no rows in output without JUnit", () => {
    expect(parseKyvernoJunit("Error: failed to load policies")).toEqual([]);
  });
});
