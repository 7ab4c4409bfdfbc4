package protocol

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Client is the Transport over HTTP to a Sundown sync server.
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
}

// Push sends a batch of mutations.
func (c *Client) Push(ctx context.Context, muts []Mutation) ([]Result, error) {
	var resp PushResponse
	err := c.do(ctx, http.MethodPost, "/api/push", PushRequest{Mutations: muts}, &resp)
	return resp.Results, err
}

// Pull fetches a page of records above since.
func (c *Client) Pull(ctx context.Context, since int64, limit int) (PullResponse, error) {
	var page PullResponse
	err := c.do(ctx, http.MethodGet, "/api/pull?since="+strconv.FormatInt(since, 10)+"&limit="+strconv.Itoa(limit), nil, &page)
	return page, err
}

// ServerError is an error answer of the server.
type ServerError struct {
	Status int
	ErrorResponse
}

func (e *ServerError) Error() string {
	if e.ErrorResponse.Error == "" {
		return fmt.Sprintf("the sync server answered %d", e.Status)
	}
	return e.ErrorResponse.Error
}

// Is lets errors.Is match a server error with the engine's own errors.
func (e *ServerError) Is(target error) bool {
	switch target {
	case ErrResyncRequired:
		return e.Code == CodeResyncRequired
	case ErrUnauthorized:
		return e.Code == CodeUnauthorized
	case ErrMIDGap:
		return e.Code == CodeMIDGap
	case ErrShareExpired:
		return e.Code == CodeShareExpired
	case ErrShareRevoked:
		return e.Code == CodeShareRevoked
	case ErrShareUnknown:
		return e.Code == CodeShareUnknown
	case ErrShareGone:
		return e.Code == CodeShareGone
	}
	return false
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body *bytes.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	} else {
		body = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.BaseURL, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Content-Type", "application/json")
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		se := &ServerError{Status: resp.StatusCode}
		json.NewDecoder(resp.Body).Decode(&se.ErrorResponse)
		return se
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%w: its answer was cut off (%w)", ErrUnreachable, err)
	}
	return nil
}

// Pair trades a one-time pairing code for this device's token.
func Pair(ctx context.Context, client *http.Client, baseURL, code, deviceName string) (PairResponse, error) {
	c := &Client{BaseURL: baseURL, HTTP: client}
	var resp PairResponse
	err := c.do(ctx, http.MethodPost, "/api/pair", PairRequest{Code: code, DeviceName: deviceName}, &resp)
	return resp, err
}

// CreateShare stores a shared link's ciphertext on the server.
func (c *Client) CreateShare(ctx context.Context, req ShareRequest) (Share, error) {
	var share Share
	err := c.do(ctx, http.MethodPost, "/api/shares", req, &share)
	return share, err
}

// Shares lists the user's links.
func (c *Client) Shares(ctx context.Context) ([]Share, error) {
	var resp SharesResponse
	err := c.do(ctx, http.MethodGet, "/api/shares", nil, &resp)
	return resp.Shares, err
}

// RevokeShare stops a link from working.
func (c *Client) RevokeShare(ctx context.Context, id string) error {
	var resp struct{}
	return c.do(ctx, http.MethodDelete, "/api/shares/"+id, nil, &resp)
}

// Shared fetches a link's ciphertext; it needs no token.
func (c *Client) Shared(ctx context.Context, id string) (SharedResponse, error) {
	var resp SharedResponse
	err := c.do(ctx, http.MethodGet, "/api/shared/"+id, nil, &resp)
	return resp, err
}
