//go:build !(js && wasm)

package ui

import (
	"context"
	"net/http"

	syncproto "github.com/remoteml/sundown/app/sync"
)

// Outside the browser (tests), the protocol's own HTTP client carries sync.

func newTransport(baseURL, token string) syncproto.Transport {
	return &syncproto.Client{BaseURL: baseURL, Token: token, HTTP: http.DefaultClient}
}

func pairDevice(ctx context.Context, baseURL, code, device string) (syncproto.PairResponse, error) {
	return syncproto.Pair(ctx, http.DefaultClient, baseURL, code, device)
}
