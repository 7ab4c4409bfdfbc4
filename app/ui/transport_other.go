//go:build !(js && wasm)

package ui

import (
	"context"
	"net/http"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/syncengine"
)

// Outside the browser (tests), the protocol's own HTTP client carries sync.

func newTransport(baseURL, token string) syncengine.Transport {
	return &protocol.Client{BaseURL: baseURL, Token: token, HTTP: http.DefaultClient}
}

func pairDevice(ctx context.Context, baseURL, code, device string) (protocol.PairResponse, error) {
	return protocol.Pair(ctx, http.DefaultClient, baseURL, code, device)
}

func newShareClient(baseURL, token string) shareClient {
	return &protocol.Client{BaseURL: baseURL, Token: token, HTTP: http.DefaultClient}
}
