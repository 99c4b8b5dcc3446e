// What a contributor's editor says: yaml-language-server's own validation of YAML files (each
// with its `# yaml-language-server: $schema=…` line), one line FILE:LINE: message per diagnostic.
//
//   npm install --prefix .tools/yls yaml-language-server@1.25.0
//   NODE_PATH=.tools/yls/node_modules node tools/yls_check.js motions/ma-campagne/*.yml
const fs = require("fs");
const path = require("path");
const { URI } = require("vscode-uri");
const { getLanguageService } = require("yaml-language-server/lib/umd/languageservice/yamlLanguageService");
const { TextDocument } = require("vscode-languageserver-textdocument");

const service = getLanguageService({
  schemaRequestService: (uri) => Promise.resolve(fs.readFileSync(URI.parse(uri).fsPath, "utf8")),
  workspaceContext: { resolveRelativePath: (rel, res) => URI.file(path.resolve(path.dirname(URI.parse(res).fsPath), rel)).toString() },
});
service.configure({ validate: true, yamlVersion: "1.2", completion: false, hover: false });

(async () => {
  for (const file of process.argv.slice(2)) {
    const uri = URI.file(path.resolve(file)).toString();
    const doc = TextDocument.create(uri, "yaml", 1, fs.readFileSync(file, "utf8"));
    const found = await service.doValidation(doc, false);
    for (const d of found) console.log(`${file}:${d.range.start.line + 1}: ${d.message}`);
  }
})();
