// Empties dist/ before a build, so a file renamed or removed from the sources is not embedded any more.
import { rmSync } from "node:fs";
rmSync("dist", { recursive: true, force: true });
