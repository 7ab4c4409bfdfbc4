package store

// The links this device made ("Share this week") are kept here, on this
// device only: each holds its key in its fragment, which must never reach
// the server, so they are neither synced nor in backups. Other devices of
// the account list the same links (from the server) but cannot copy them.
const shareLinksKey = prefix + "shares/links"

var shareLinksFormat = format{current: 1}

// ShareLinks are the links this device made, by share id.
func (s *Store) ShareLinks() map[string]string {
	links, _, _ := readSingle(s, shareLinksKey, shareLinksFormat, nil, empty[map[string]string])
	if links == nil {
		links = map[string]string{}
	}
	return links
}

// SaveShareLink keeps the link of share id, so it can be copied again.
func (s *Store) SaveShareLink(id, link string) error {
	return s.changeShareLinks(func(links map[string]string) bool {
		links[id] = link
		return true
	})
}

// ForgetShareLinks drops the links of shares that are no longer live.
func (s *Store) ForgetShareLinks(ids ...string) error {
	return s.changeShareLinks(func(links map[string]string) bool {
		before := len(links)
		for _, id := range ids {
			delete(links, id)
		}
		return len(links) != before // none of them was kept here: nothing to write
	})
}

// changeShareLinks writes what change makes of the links as stored now,
// keeping one another tab saved (see changeSingle).
func (s *Store) changeShareLinks(change func(map[string]string) bool) error {
	_, err := changeSingle(s, shareLinksKey, "The share links", shareLinksFormat, nil, empty,
		func(links map[string]string) (map[string]string, bool) {
			if links == nil {
				links = map[string]string{}
			}
			return links, change(links)
		})
	return err
}
