package loader

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/actorgraph/actorgraph/domain"
)

// relKey is a relation's identity, hashed: 16 bytes instead of the string.
type relKey [16]byte

func identityOf(r *domain.Relation) relKey {
	sum := sha256.Sum256([]byte(r.ID()))
	return relKey(sum[:16])
}

// fingerprint hashes every field of r but its evidence: two records of one
// identity with different fingerprints disagree. Every field of
// domain.Relation must be here (TestFingerprintCoversRelation).
func fingerprint(r *domain.Relation) uint64 {
	h := sha256.New()
	put := func(s string) {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	putDate := func(d *domain.PartialDate) {
		if d == nil {
			put("-")
			return
		}
		put("+" + string(*d))
	}
	put(r.From)
	put(r.Type)
	put(r.To)
	putDate(r.Since)
	putDate(r.Until)
	put(string(r.Stance))
	put(strconv.FormatFloat(r.Confidence, 'g', -1, 64))
	put(r.Role)
	putAttributes(put, r.Attributes)
	return binary.LittleEndian.Uint64(h.Sum(nil))
}

// putAttributes writes a map in key order, each value with its type, so
// that 1 and 1.0 differ as reflect.DeepEqual would have them.
func putAttributes(put func(string), attrs map[string]any) {
	put(strconv.Itoa(len(attrs)))
	for _, k := range sortedKeys(attrs) {
		put(k)
		put(fmt.Sprintf("%T", attrs[k]))
		put(fmt.Sprintf("%v", attrs[k]))
	}
}
