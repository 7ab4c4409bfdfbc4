package store

// The links this device made ("Share this week") are kept here, on this
// device only: each holds its key in its fragment, which must never reach
// the server, so they are neither synced nor in backups. Other devices of
// the account list the same links (from the server) but cannot copy them.
const shareLinksKey = prefix + "shares/links"

var shareLinksFormat = format{current: 1}

// ShareLinks are the links this device made, by share id.
func (s *Store) ShareLinks() map[string]string {
	links := map[string]string{}
	s.readSingle(shareLinksKey, shareLinksFormat, &links, func() error { return nil })
	if links == nil {
		links = map[string]string{}
	}
	return links
}

// SaveShareLink keeps the link of share id, so it can be copied again.
func (s *Store) SaveShareLink(id, link string) error {
	links := s.ShareLinks()
	links[id] = link
	return s.writeSingle(shareLinksKey, shareLinksFormat, links)
}

// ForgetShareLinks drops the links of shares that are no longer live.
func (s *Store) ForgetShareLinks(ids ...string) error {
	links := s.ShareLinks()
	before := len(links)
	for _, id := range ids {
		delete(links, id)
	}
	if len(links) == before {
		return nil // none of them was kept here: nothing to write
	}
	return s.writeSingle(shareLinksKey, shareLinksFormat, links)
}
