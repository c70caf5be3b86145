package reference

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// The corpus is what Node.js answered; regenerate it with
// `node fixtures/ip-corpus/generate.cjs` (see the script's header).
const (
	addressCorpus   = "../fixtures/ip-corpus/addresses.jsonl"
	blocklistCorpus = "../fixtures/ip-corpus/blocklists.jsonl"
)

type corpusHeader struct {
	Node  string `json:"node"`
	Count int    `json:"count"`
}

// readCorpus decodes a JSON-lines corpus: its header line, then one
// value per line, passed to each with its line number.
func readCorpus(t *testing.T, path string, each func(line int, raw []byte) error) corpusHeader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the corpus is missing (regenerate it with node fixtures/ip-corpus/generate.cjs): %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var head corpusHeader
	n := 0
	for sc.Scan() {
		n++
		if n == 1 {
			if err := json.Unmarshal(sc.Bytes(), &head); err != nil || head.Node == "" {
				t.Fatalf("%s:1: not a corpus header: %s", path, sc.Text())
			}
			continue
		}
		if err := each(n, sc.Bytes()); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if n-1 != head.Count {
		t.Fatalf("%s: the header counts %d entries, the file has %d", path, head.Count, n-1)
	}
	return head
}

type addressCase struct {
	Input  string  `json:"input"`
	Kind   string  `json:"kind"`
	IsIP   int     `json:"isIP"`
	IsIPv4 bool    `json:"isIPv4"`
	IsIPv6 bool    `json:"isIPv6"`
	IPv4   *string `json:"ipv4"` // SocketAddress({address, family: 'ipv4'}).address; nil: ERR_INVALID_ADDRESS
	IPv6   *string `json:"ipv6"`
}

// TestIPCorpusAgreesWithNode holds IsIP, IsIPv4, IsIPv6 and the
// SocketAddress parser to what Node.js answered for every string of the
// corpus, and lists every disagreement.
func TestIPCorpusAgreesWithNode(t *testing.T) {
	var cases []addressCase
	head := readCorpus(t, addressCorpus, func(_ int, raw []byte) error {
		var c addressCase
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		cases = append(cases, c)
		return nil
	})
	if len(cases) < 10000 {
		t.Fatalf("the corpus has %d strings; it should have at least 10,000", len(cases))
	}
	var bad []string
	for _, c := range cases {
		var why []string
		if got := IsIP(c.Input); got != c.IsIP {
			why = append(why, fmt.Sprintf("isIP %d, node %d", got, c.IsIP))
		}
		if got := IsIPv4(c.Input); got != c.IsIPv4 {
			why = append(why, fmt.Sprintf("isIPv4 %t, node %t", got, c.IsIPv4))
		}
		if got := IsIPv6(c.Input); got != c.IsIPv6 {
			why = append(why, fmt.Sprintf("isIPv6 %t, node %t", got, c.IsIPv6))
		}
		for _, fam := range []struct {
			name string
			want *string
		}{{"ipv4", c.IPv4}, {"ipv6", c.IPv6}} {
			got := "ERR_INVALID_ADDRESS"
			if a, err := ParseSocketAddress(c.Input, fam.name); err == nil {
				got = a.Address()
			} else if ErrorCode(err) != "ERR_INVALID_ADDRESS" {
				got = err.Error()
			}
			want := "ERR_INVALID_ADDRESS"
			if fam.want != nil {
				want = *fam.want
			}
			if got != want {
				why = append(why, fmt.Sprintf("SocketAddress(%s) %q, node %q", fam.name, got, want))
			}
		}
		if len(why) > 0 {
			bad = append(bad, fmt.Sprintf("  %q (%s): %s", c.Input, c.Kind, strings.Join(why, "; ")))
		}
	}
	if len(bad) > 0 {
		t.Errorf("the reference disagrees with Node %s on %d of %d strings:\n%s", head.Node, len(bad), len(cases), strings.Join(bad, "\n"))
	}
}
