//go:build js && wasm

package ui

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"syscall/js"

	syncproto "github.com/remoteml/sundown/app/sync"
)

// fetchTransport speaks the sync protocol with the browser's fetch. Go's
// net/http client would do the same through fetch, but it brings TLS and
// certificate code along that would almost double app.wasm.
type fetchTransport struct {
	baseURL, token string
}

func newTransport(baseURL, token string) syncproto.Transport {
	return &fetchTransport{baseURL: strings.TrimRight(baseURL, "/"), token: token}
}

func (t *fetchTransport) Push(ctx context.Context, muts []syncproto.Mutation) ([]syncproto.Result, error) {
	var resp syncproto.PushResponse
	err := t.do(ctx, "POST", "/api/push", syncproto.PushRequest{Mutations: muts}, &resp)
	return resp.Results, err
}

func (t *fetchTransport) Pull(ctx context.Context, since int64, limit int) (syncproto.PullResponse, error) {
	var page syncproto.PullResponse
	err := t.do(ctx, "GET", "/api/pull?since="+strconv.FormatInt(since, 10)+"&limit="+strconv.Itoa(limit), nil, &page)
	return page, err
}

// pairDevice trades a pairing code for this device's token.
func pairDevice(ctx context.Context, baseURL, code, device string) (syncproto.PairResponse, error) {
	var resp syncproto.PairResponse
	t := &fetchTransport{baseURL: strings.TrimRight(baseURL, "/")}
	err := t.do(ctx, "POST", "/api/pair", syncproto.PairRequest{Code: code, DeviceName: device}, &resp)
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
		return errors.New("the sync server cannot be reached")
	}
	text, err := awaitPromise(resp.Call("text"))
	if err != nil {
		return errors.New("the answer of the sync server was cut off")
	}
	if status := resp.Get("status").Int(); status != 200 {
		se := &syncproto.ServerError{Status: status}
		json.Unmarshal([]byte(text.String()), &se.ErrorResponse)
		return se
	}
	return json.Unmarshal([]byte(text.String()), out)
}
