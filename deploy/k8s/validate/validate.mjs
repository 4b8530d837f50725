// Validates every Kubernetes manifest under the given folder (default: deploy/k8s) against the Kubernetes
// OpenAPI schemas shipped by the npm package kubernetes-models: each YAML document is parsed with `yaml`, its
// apiVersion/kind mapped to the kubernetes-models class, constructed and .validate()d.
// Exit 1 naming the file, document, kind and error on the first class of failure; prints one line per document.
//   node validate.mjs [dir]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const root = resolve(process.argv[2] ?? new URL("..", import.meta.url).pathname);
// Files that are not Kubernetes objects (kustomize's own file is checked separately below).
const skipDirs = new Set(["validate", "node_modules"]);

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skipDirs.has(name) ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function modelClass(apiVersion, kind) {
  // "apps/v1" → kubernetes-models/apps/v1/Deployment, "v1" → kubernetes-models/v1/Service
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    return require(module)[kind];
  } catch {
    return undefined;
  }
}

let failures = 0;
let checked = 0;
const fail = (where, message) => { failures++; console.error(`FAIL ${where}: ${message}`); };

const files = yamlFiles(root).sort();
if (files.length === 0) fail(root, "no YAML files found");

for (const file of files) {
  const rel = relative(process.cwd(), file);
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  docs.forEach((doc, index) => {
    const where = `${rel}#${index}`;
    if (doc.errors.length > 0) return fail(where, `YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    const obj = doc.toJSON();
    if (obj === null || obj === undefined) return; // empty document (a trailing ---)
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== "string" || typeof kind !== "string") return fail(where, "no apiVersion/kind");
    if (kind === "Kustomization") {
      // Not a cluster object: check every listed resource exists.
      for (const r of obj.resources ?? []) {
        try { statSync(join(file, "..", r)); } catch { fail(`${where} (Kustomization)`, `resource ${r} not found`); }
      }
      const referenced = [...(obj.resources ?? []), ...(obj.patches ?? []).map((p) => p.path).filter(Boolean),
        ...(obj.patchesStrategicMerge ?? [])];
      const listed = new Set(referenced.map((r) => resolve(join(file, ".."), r)));
      for (const other of files) {
        if (other !== file && resolve(join(other, "..")) === resolve(join(file, "..")) && !listed.has(resolve(other)))
          fail(`${where} (Kustomization)`, `${relative(process.cwd(), other)} is not listed in resources`);
      }
      checked++;
      return console.log(`ok   ${where} Kustomization (${(obj.resources ?? []).length} resources)`);
    }
    const Model = modelClass(apiVersion, kind);
    if (!Model) return fail(`${where} ${apiVersion}/${kind}`, "unknown apiVersion/kind (not in kubernetes-models)");
    try {
      new Model(obj).validate();
      checked++;
      console.log(`ok   ${where} ${apiVersion}/${kind} ${obj.metadata?.name ?? ""}`);
    } catch (e) {
      fail(`${where} ${apiVersion}/${kind} ${obj.metadata?.name ?? ""}`, e.message);
    }
  });
}

console.log(`${checked} Kubernetes documents valid, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
