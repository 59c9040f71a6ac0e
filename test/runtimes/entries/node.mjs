// Node: the conformance suite through the package's root export ("node" condition); HH_* from process.env.
// No flush here: the adapter's beforeExit hook must send everything before the process ends.
import * as lib from "honeyhive-edge";
import { runConformance } from "../../conformance/suite.mjs";

const report = await runConformance({ lib, runtime: "node" });
console.log(JSON.stringify(report));
