// Package release names the build a binary was made from, for the server's
// version command and the app's Settings → About.
package release

// version is set by make build (-X, from git describe): a tag, or a commit
// with "-dirty" when the working tree had changes.
var version string

// Version names this build: what make build stamped, else the main
// module's version as the go command recorded it (a tag or a
// pseudo-version, when it read the repository; on a machine only), else
// "unknown".
func Version() string {
	if version != "" {
		return version
	}
	return recorded()
}
