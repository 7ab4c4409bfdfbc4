//go:build js && wasm

package release

// recorded is "unknown" in the browser: make build always stamps the app,
// and reading the go command's record would add runtime/debug's parser
// (13 KB) to the download for a build nobody ships.
func recorded() string { return "unknown" }
