// Package source groups the readers of native platform and research formats.
// Each reader lives in a sub-package named for its format and is a pure
// function over an io.Reader.
package source
