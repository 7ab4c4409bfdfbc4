//go:build js && wasm

package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/remoteml/sundown/app/protocol"
	"github.com/remoteml/sundown/app/syncengine"
)

// fetchTransport speaks the sync protocol with the browser's fetch. Go's
// net/http client would do the same through fetch, but it brings TLS and
// certificate code along that would almost double app.wasm.
type fetchTransport struct {
	baseURL, token string
}

func newTransport(baseURL, token string) syncengine.Transport {
	return &fetchTransport{baseURL: strings.TrimRight(baseURL, "/"), token: token}
}

func (t *fetchTransport) Push(ctx context.Context, muts []protocol.Mutation) ([]protocol.Result, error) {
	var resp protocol.PushResponse
	err := t.do(ctx, "POST", "/api/push", protocol.PushRequest{Mutations: muts}, &resp)
	return resp.Results, err
}

func (t *fetchTransport) Pull(ctx context.Context, since int64, limit int) (protocol.PullResponse, error) {
	var page protocol.PullResponse
	err := t.do(ctx, "GET", "/api/pull?since="+strconv.FormatInt(since, 10)+"&limit="+strconv.Itoa(limit), nil, &page)
	return page, err
}

func (t *fetchTransport) CreateShare(ctx context.Context, req protocol.ShareRequest) (protocol.Share, error) {
	var share protocol.Share
	err := t.do(ctx, "POST", "/api/shares", req, &share)
	return share, err
}

func (t *fetchTransport) Shares(ctx context.Context) ([]protocol.Share, error) {
	var resp protocol.SharesResponse
	err := t.do(ctx, "GET", "/api/shares", nil, &resp)
	return resp.Shares, err
}

func (t *fetchTransport) RevokeShare(ctx context.Context, id string) error {
	var resp struct{}
	return t.do(ctx, "DELETE", "/api/shares/"+id, nil, &resp)
}

func (t *fetchTransport) Shared(ctx context.Context, id string) (protocol.SharedResponse, error) {
	var resp protocol.SharedResponse
	err := t.do(ctx, "GET", "/api/shared/"+id, nil, &resp)
	return resp, err
}

// newShareClient speaks to the server that keeps a user's links.
func newShareClient(baseURL, token string) shareClient {
	return &fetchTransport{baseURL: strings.TrimRight(baseURL, "/"), token: token}
}

// pairDevice trades a pairing code for this device's token.
func pairDevice(ctx context.Context, baseURL, code, device string) (protocol.PairResponse, error) {
	var resp protocol.PairResponse
	t := &fetchTransport{baseURL: strings.TrimRight(baseURL, "/")}
	err := t.do(ctx, "POST", "/api/pair", protocol.PairRequest{Code: code, DeviceName: device}, &resp)
	return resp, err
}

// do sends one request and decodes the answer; it blocks, so it runs off
// the UI goroutine (the engine runs in ctx.Async).
func (t *fetchTransport) do(ctx context.Context, method, path string, in, out any) error {
	init := map[string]any{"method": method, "headers": map[string]any{
		"Authorization": "Bearer " + t.token, "Content-Type": "application/json"}}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		init["body"] = string(b)
	}
	controller := js.Global().Get("AbortController").New()
	init["signal"] = controller.Get("signal")
	stop := context.AfterFunc(ctx, func() { controller.Call("abort") })
	defer stop()
	resp, err := awaitPromise(js.Global().Call("fetch", t.baseURL+path, init))
	if err != nil {
		return protocol.ErrUnreachable
	}
	text, err := awaitPromise(resp.Call("text"))
	if err != nil {
		return fmt.Errorf("%w: its answer was cut off", protocol.ErrUnreachable)
	}
	if status := resp.Get("status").Int(); status != 200 {
		se := &protocol.ServerError{Status: status}
		json.Unmarshal([]byte(text.String()), &se.ErrorResponse)
		return se
	}
	if err := json.Unmarshal([]byte(text.String()), out); err != nil {
		return fmt.Errorf("%w: its answer was cut off (%w)", protocol.ErrUnreachable, err)
	}
	return nil
}
