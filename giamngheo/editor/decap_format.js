// Writes content files exactly as the editor (Decap CMS 3) does when staff save: YAML front
// matter through the same libraries and steps as decap-cms-core's frontmatter formatter
// (gray-matter, yaml 1.x, keys in the order of the collection's fields), then the body.
// Reads [{data, sortedKeys}] as JSON on stdin, prints the files as a JSON list of strings;
// an item {file, sortedKeys} is first read as Decap reads a file (opened, then saved).
// Used by the migration to front matter and by the round-trip test (tests/test_front_matter.py).
"use strict";
const path = require("path");
const core = path.dirname(require.resolve("decap-cms-core/package.json"));
const yaml = require(require.resolve("yaml", { paths: [core] }));
const matter = require(require.resolve("gray-matter", { paths: [core] }));

function sortKeys(sortedKeys) {
  return (a, b) => {
    const indexA = sortedKeys.indexOf(a.key.toString());
    const indexB = sortedKeys.indexOf(b.key.toString());
    if (indexA === -1 || indexB === -1) return 0;
    return indexA - indexB;
  };
}

const engine = {
  parse: (input) => yaml.parse(input),
  stringify: (metadata, options) => {
    const contents = yaml.createNode(metadata);
    contents.items.sort(sortKeys(options.sortedKeys || []));
    const doc = new yaml.Document();
    doc.contents = contents;
    return doc.toString();
  },
};

function fromFile(file) {
  const result = matter(file, { engines: { yaml: engine }, language: "yaml", delimiters: "---" });
  return { ...result.data, ...(result.content.trim() && { body: result.content }) };
}

function toFile({ data, file, sortedKeys }) {
  data = data || fromFile(file);
  const { body = "", ...meta } = data;
  const text = matter.stringify(body, meta, { engines: { yaml: engine }, sortedKeys, language: "yaml", delimiters: "---" });
  return body.slice(-1) !== "\n" && text.slice(-1) === "\n" ? text.slice(0, -1) : text;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(toFile))));
