package auth

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// testParams keep the unit tests fast; the costs themselves are argon2's.
var testParams = Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// TestHashAndVerify: the hash is a PHC string with its costs, verifies
// the right password only, and asks for a rehash when the costs changed.
func TestHashAndVerify(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(DefaultParams, 2)
	enc, err := h.Hash(ctx, "correct paard batterij nietje")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`).MatchString(enc) {
		t.Fatalf("hash %q is not a PHC argon2id string with OWASP's costs", enc)
	}
	if ok, rehash, err := h.Verify(ctx, "correct paard batterij nietje", enc); !ok || rehash || err != nil {
		t.Fatalf("right password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	if ok, _, _ := h.Verify(ctx, "correct paard batterij nietjes", enc); ok {
		t.Fatal("a wrong password verifies")
	}
	old, _ := NewHasher(testParams, 1).Hash(ctx, "een oud wachtwoord")
	if ok, rehash, _ := h.Verify(ctx, "een oud wachtwoord", old); !ok || !rehash {
		t.Errorf("a hash with other costs: ok=%v rehash=%v, want true true", ok, rehash)
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"} {
		if _, _, err := h.Verify(ctx, "x", bad); err == nil {
			t.Errorf("Verify accepted hash %q", bad)
		}
	}
}

// TestHashingIsCapped: with every slot taken, a hash waits and gives up
// at its deadline instead of starting another memory-hungry computation.
func TestHashingIsCapped(t *testing.T) {
	h := NewHasher(testParams, 1)
	h.slots <- struct{}{} // someone else is hashing
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "wat dan ook hier"); !errors.Is(err, ErrHashingBusy) {
		t.Fatalf("hash with no free slot: %v, want ErrHashingBusy", err)
	}
	h.release()
	if _, err := h.Hash(context.Background(), "wat dan ook hier"); err != nil {
		t.Fatalf("after the slot freed: %v", err)
	}
}

// TestCheckNewPassword: length and known passwords count, composition does not.
func TestCheckNewPassword(t *testing.T) {
	for pw, wantOK := range map[string]bool{
		"kort":                           false,
		"elf tekens!":                    false, // 11
		"wachtwoord12":                   false, // Dutch, with digits
		"Wachtwoord2024!":                false,
		"welkom01welkom01":               false, // a repeated group
		"azertyuiop12":                   false,
		"clubbrugge1891":                 false,
		"123456789012":                   false,
		"aaaaaaaaaaaaaa":                 false,
		"an.peeters2024":                 false, // the address's name part
		"an.peeters@school.be":           false,
		"fiets op de dijk in de wind":    true, // no digits, no capitals: fine
		"rodeKOOL met appeltjes":         true,
		strings.Repeat("lang ", 60):      false, // 300 characters
		"ikhouvanwiskundeenzonnepanelen": true,
	} {
		msg := CheckNewPassword(pw, "An.Peeters@school.be")
		if (msg == "") != wantOK {
			t.Errorf("%q: message %q, want ok=%v", pw, msg, wantOK)
		}
	}
	if msg := CheckNewPassword("wachtwoord12", ""); !strings.Contains(msg, "veelgebruikte") {
		t.Errorf("message for a common password: %q", msg)
	}
}

// BenchmarkSignInBurst verifies 50 passwords at once with the production
// costs and reports the p95 time of one verification and the peak heap
// above the start: bounded by the hashing slots, not by the burst.
//
//	go test ./internal/auth/ -run '^$' -bench SignInBurst -benchtime 3x
func BenchmarkSignInBurst(b *testing.B) {
	ctx := context.Background()
	h := NewHasher(DefaultParams, 2)
	enc, _ := h.Hash(ctx, "fiets op de dijk in de wind")
	var all []time.Duration
	var peak uint64
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	for i := 0; i < b.N; i++ {
		stop := make(chan struct{})
		var sampler sync.WaitGroup
		sampler.Add(1)
		go func() {
			defer sampler.Done()
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
					runtime.ReadMemStats(&m)
					if m.HeapInuse > peak {
						peak = m.HeapInuse
					}
				}
			}
		}()
		var wg sync.WaitGroup
		var mu sync.Mutex
		for j := 0; j < 50; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				if ok, _, err := h.Verify(ctx, "fiets op de dijk in de wind", enc); !ok || err != nil {
					b.Error("verify failed", err)
				}
				mu.Lock()
				all = append(all, time.Since(start))
				mu.Unlock()
			}()
		}
		wg.Wait()
		close(stop)
		sampler.Wait()
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(all[len(all)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(all[len(all)*95/100].Milliseconds()), "p95-ms")
	b.ReportMetric(float64(peak-min(peak, base.HeapInuse))/(1<<20), "peak-heap-MiB")
}

// BenchmarkVerifyOne is one verification with nothing else running.
func BenchmarkVerifyOne(b *testing.B) {
	ctx := context.Background()
	h := NewHasher(DefaultParams, 2)
	enc, _ := h.Hash(ctx, "fiets op de dijk in de wind")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.Verify(ctx, "fiets op de dijk in de wind", enc)
	}
}
